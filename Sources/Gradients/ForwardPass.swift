import ODE

/// The forward solve shared by ACA, the adjoint and `evaluateLoss`: `solve` with the
/// observation times as stop times (or `saveAt`), the predictions and the cotangents of `problem.loss`.
@usableFromInline
struct ForwardPass {
    @usableFromInline var solution: Solution
    @usableFromInline var placement: ObservationPlacement
    /// Row-major `K × dimension`.
    @usableFromInline var predictions: [Double]
    @usableFromInline var cotangents: [Double]
    @usableFromInline var loss: Double
    @usableFromInline var observedCount: Int

    @inlinable
    init<Field: DifferentiableVectorField>(_ problem: GradientProblem<Field>) throws(ODEError) {
        self.init(problem, solution: try solve(problem.field, from: problem.t0, to: problem.t1, initialState: problem.initialState,
                                               parameters: problem.parameters, method: problem.tableau,
                                               stepSize: .adaptive(problem.controller), options: problem.solveOptions))
    }

    /// The predictions, loss and cotangents of `problem` from its forward `solution` (solved elsewhere,
    /// e.g. in a lockstep group, with `problem.solveOptions`).
    @inlinable
    init<Field: DifferentiableVectorField>(_ problem: GradientProblem<Field>, solution: Solution) {
        let n = problem.field.dimension
        let observations = problem.observations, k = observations.count
        self.solution = solution
        placement = ObservationPlacement(observationTimes: observations.times, times: solution.times)
        var predictions = [Double](repeating: 0, count: k * n)
        for q in 0..<k {
            let j = placement.checkpoint[q]
            for d in 0..<n {
                predictions[q * n + d] = j >= 0 ? solution.states[j * n + d] : solution.savedStates[q * n + d]
            }
        }
        var cotangents = [Double](repeating: 0, count: k * n)
        let (loss, count) = predictions.withUnsafeBufferPointer { p in
            cotangents.withUnsafeMutableBufferPointer { c in
                problem.loss.lossAndCotangents(predictions: p, observations: observations, dimension: n, cotangents: c)
            }
        }
        self.predictions = predictions
        self.cotangents = cotangents
        self.loss = loss
        self.observedCount = count
    }
}
