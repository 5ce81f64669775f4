import Physics
import Datasets
import ODE

extension SimulationRequest {
    /// ±1σ of every simulated entry, by linearised propagation of the parameters' uncertainty:
    /// `σ_y² = Σⱼₖ (∂y/∂pⱼ σⱼ) ρⱼₖ (∂y/∂pₖ σₖ)` with the correlation matrix `ρ` (row-major
    /// `P × P`; nil: uncorrelated, `ρ = I`) and `∂y/∂pⱼ` by central differences of the
    /// noise-free simulation (step `1e-6 · max(|pⱼ|, σⱼ, 1e-8)`), two solves per parameter whose
    /// standard error is finite and non-zero (a NaN standard error — undefined — contributes nothing).
    ///
    /// Returns a `(B, N, D)` row-major array aligned with ``run(_:parameters:threads:)``'s states.
    public func linearisedStandardDeviations<F: VectorField & Sendable>(
        _ field: F, parameters: [Double], standardErrors: [Double], correlation: [Double]? = nil, threads: Int
    ) throws -> [Double] {
        let p = parameters.count
        guard standardErrors.count == p else { throw SimulationError("\(standardErrors.count) standard errors for \(p) parameters") }
        if let correlation, correlation.count != p * p { throw SimulationError("a \(correlation.count)-entry correlation matrix for \(p) parameters") }
        var clean = self
        clean.observation = ObservationModel()
        var scaled: [(index: Int, slope: [Double])] = []
        for j in 0..<p where standardErrors[j] > 0 && standardErrors[j].isFinite {
            let h = 1e-6 * max(abs(parameters[j]), standardErrors[j], 1e-8)
            var up = parameters, down = parameters
            up[j] += h
            down[j] -= h
            let plus = try clean.run(field, parameters: up, threads: threads).states.values
            let minus = try clean.run(field, parameters: down, threads: threads).states.values
            scaled.append((j, zip(plus, minus).map { ($0 - $1) / (2 * h) * standardErrors[j] }))
        }
        let size = try scaled.first?.slope.count ?? clean.run(field, parameters: parameters, threads: threads).states.values.count
        var variance = [Double](repeating: 0, count: size)
        for a in scaled.indices {
            for b in scaled.indices {
                let rho = correlation.map { $0[scaled[a].index * p + scaled[b].index] } ?? (a == b ? 1 : 0)
                guard rho != 0, rho.isFinite else { continue }
                for i in 0..<size { variance[i] += scaled[a].slope[i] * rho * scaled[b].slope[i] }
            }
        }
        return variance.map { max($0, 0).squareRoot() }
    }
}
