import Datasets
import ODE

extension SimulationRequest {
    /// ±1σ of every simulated entry, by linearised propagation of independent parameter
    /// standard errors: `σ_y = √(Σⱼ (∂y/∂pⱼ · σⱼ)²)`, with `∂y/∂pⱼ` by central differences of
    /// the noise-free simulation (step `1e-6 · max(|pⱼ|, σⱼ, 1e-8)`), two solves per parameter
    /// whose standard error is non-zero. Correlations between parameters are not known
    /// (only standard errors are), so they are taken as zero.
    ///
    /// Returns a `(B, N, D)` row-major array aligned with ``run(_:parameters:threads:)``'s states.
    public func linearisedStandardDeviations<F: VectorField & Sendable>(
        _ field: F, parameters: [Double], standardErrors: [Double], threads: Int
    ) throws -> [Double] {
        guard standardErrors.count == parameters.count else {
            throw SimulationError("\(standardErrors.count) standard errors for \(parameters.count) parameters")
        }
        var clean = self
        clean.observation = ObservationModel()
        var variance: [Double]? = nil
        for j in parameters.indices where standardErrors[j] > 0 && standardErrors[j].isFinite {
            let h = 1e-6 * max(abs(parameters[j]), standardErrors[j], 1e-8)
            var up = parameters, down = parameters
            up[j] += h
            down[j] -= h
            let plus = try clean.run(field, parameters: up, threads: threads).states.values
            let minus = try clean.run(field, parameters: down, threads: threads).states.values
            if variance == nil { variance = [Double](repeating: 0, count: plus.count) }
            for i in plus.indices {
                let slope = (plus[i] - minus[i]) / (2 * h) * standardErrors[j]
                variance![i] += slope * slope
            }
        }
        guard let variance else { return try clean.run(field, parameters: parameters, threads: threads).states.values.map { _ in 0 } }
        return variance.map { $0.squareRoot() }
    }
}
