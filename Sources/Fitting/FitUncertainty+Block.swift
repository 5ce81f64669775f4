extension FitUncertainty {
    /// The standard errors and the row-major correlation matrix of the first `count` entries of the flat parameter
    /// vector: the model's own parameters, which come before any learned initial states. A principal submatrix of a
    /// correlation matrix is the correlation matrix of those entries, so linearised propagation through the model
    /// alone (`SimulationRequest.linearisedStandardDeviations`) uses it as is. `count` is clamped to `0…P`.
    public func leadingBlock(_ count: Int) -> (standardErrors: [Double], correlation: [Double]) {
        let total = standardErrors.count, m = min(max(count, 0), total)
        let correlation = (0..<m).flatMap { j in (0..<m).map { k in self.correlation[j * total + k] } }
        return (Array(standardErrors.prefix(m)), correlation)
    }
}
