import ODE

extension GradientProblem where Field: BatchVectorField {
    /// The problems as one batched problem over ``StackedVectorField``: lane `b` starts at
    /// `problems[b].initialState` and is observed at the shared times with `problems[b]`'s values and mask.
    ///
    /// Its mean-squared-error loss is the batch loss `Σ_b S_b / Σ_b N_b` (each trajectory's weighted
    /// sum of squared errors over all observed entries of the batch), the same number
    /// ``computeGradients(_:method:threads:)`` reports for the problems one by one; its initial-state
    /// gradient is lane `b`'s `∂L/∂y_b(t0)` at `b·d ..< (b+1)·d`. One step-size sequence serves every
    /// lane (the error norm runs over all of them), so the numbers agree with the separate solves
    /// to the tolerance, not to rounding; with one lane, bit for bit.
    ///
    /// `nil` unless every problem has the first one's `t0`, observation times and weights, tableau,
    /// controller, observation mode and parameters, and the loss is the mean squared error (a custom
    /// loss is a function of one trajectory, not of a batch). The first problem's field serves all lanes.
    public static func stacked(_ problems: [GradientProblem]) -> GradientProblem<StackedVectorField<Field>>? {
        guard let first = problems.first, first.loss.isSumOfSquares else { return nil }
        let n = first.field.dimension, k = first.observations.count, lanes = problems.count
        for problem in problems.dropFirst() {
            guard problem.t0 == first.t0, problem.observations.times == first.observations.times,
                  problem.observations.weights == first.observations.weights, problem.tableau == first.tableau,
                  problem.controller == first.controller, problem.observationMode == first.observationMode,
                  problem.parameters == first.parameters, problem.loss.isSumOfSquares,
                  problem.field.dimension == n, problem.initialState.count == n,
                  problem.observations.values.count == k * n else { return nil }
        }
        var values = [Double](repeating: 0, count: k * lanes * n)
        let masked = problems.contains { $0.observations.mask != nil }
        var mask = masked ? [Bool](repeating: true, count: k * lanes * n) : nil
        for (b, problem) in problems.enumerated() {
            let o = problem.observations
            for q in 0..<k {
                for d in 0..<n {
                    let target = (q * lanes + b) * n + d
                    values[target] = o.values[q * n + d]
                    if let m = o.mask { mask![target] = m[q * n + d] }
                }
            }
        }
        return GradientProblem<StackedVectorField<Field>>(
            field: StackedVectorField(base: first.field, count: lanes), t0: first.t0,
            initialState: problems.flatMap(\.initialState), parameters: first.parameters,
            observations: Observations(times: first.observations.times, values: values, mask: mask, weights: first.observations.weights),
            tableau: first.tableau, controller: first.controller, observationMode: first.observationMode, loss: first.loss)
    }
}
