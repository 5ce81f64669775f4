/// What happened at each iteration of a fit.
public struct FitHistory: Sendable, Equatable, Codable {
    public var loss: [Double] = []
    /// Validation loss (NaN at iterations where it was not computed).
    public var validationLoss: [Double] = []
    /// Function evaluations (forward + backward) spent on the iteration.
    public var functionEvaluations: [Double] = []
    /// Wall-clock seconds since the start of the fit (cumulative across resumes).
    public var seconds: [Double] = []

    public init() {}

    public var count: Int { loss.count }

    public mutating func append(loss: Double, validationLoss: Double, functionEvaluations: Int, seconds: Double) {
        self.loss.append(loss)
        self.validationLoss.append(validationLoss)
        self.functionEvaluations.append(Double(functionEvaluations))
        self.seconds.append(seconds)
    }
}
