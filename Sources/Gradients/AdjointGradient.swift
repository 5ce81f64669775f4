import ODE

/// The continuous adjoint: forward `solve`, then `[z, a, g]` backward from the last
/// observation to `t0`, one segment per observation interval, with the same tableau and
/// its own tolerances. At each observation time `z` is reset to the forward prediction
/// (as torchdiffeq's `odeint_adjoint` does) and `a` jumps by the loss cotangent.
@inlinable
func adjointGradient<Field: DifferentiableVectorField>(
    _ problem: GradientProblem<Field>, rtol: Double, atol: Double
) throws(ODEError) -> GradientResult {
    let field = problem.field, n = field.dimension, m = field.parameterCount
    let observations = problem.observations, k = observations.count
    let forward = try ForwardPass(problem)
    var controller = problem.controller
    controller.relativeTolerance = rtol
    controller.absoluteTolerance = atol
    controller.initialStep = nil
    try controller.validate()
    let system = AdjointSystem(field: field)
    var augmented = [Double](repeating: 0, count: 2 * n + m)
    var evaluations = 0, accepted = 0, rejected = 0, largestSegmentBytes = 0
    // Segment ends, backward: τ_K, …, τ_1 (those after t0), then t0.
    var q = k - 1
    var t = problem.t1
    if q >= 0 {
        for d in 0..<n { augmented[d] = forward.predictions[q * n + d] }
    } else {
        for d in 0..<n { augmented[d] = problem.initialState[d] }
    }
    while q >= 0 {
        // Jump at τ_q, then integrate to the previous observation time (or t0).
        for d in 0..<n {
            augmented[d] = forward.predictions[q * n + d]
            augmented[n + d] += forward.cotangents[q * n + d]
        }
        let previous = q > 0 ? observations.times[q - 1] : problem.t0
        if previous != t {
            // Only the segment's end is needed: no per-step storage, so memory is independent of the step count.
            let segment = try solve(system, from: t, to: previous, initialState: augmented, parameters: problem.parameters,
                                    method: problem.tableau, stepSize: .adaptive(controller),
                                    options: SolveOptions(recordSteps: false))
            evaluations += segment.stats.functionEvaluations
            accepted += segment.stats.acceptedSteps
            rejected += segment.stats.rejectedSteps
            largestSegmentBytes = max(largestSegmentBytes, 8 * (segment.states.count + segment.times.count + segment.stepSizes.count))
            for i in 0..<(2 * n + m) { augmented[i] = segment.states[segment.states.count - (2 * n + m) + i] }
            t = previous
        }
        q -= 1
    }
    // The backward solve's own buffers: stages and stage inputs, and its five state-sized vectors.
    let totalStages = problem.tableau.stageCount + problem.tableau.denseOutput.extraStages.count
    let solverBytes = 8 * (2 * totalStages + 5) * (2 * n + m)
    return GradientResult(
        method: "adjoint", loss: forward.loss, observedCount: forward.observedCount,
        parameterGradient: Array(augmented[(2 * n)...]), initialStateGradient: Array(augmented[n..<(2 * n)]),
        predictions: forward.predictions, forwardEvaluations: forward.solution.stats.functionEvaluations,
        backwardEvaluations: evaluations, backwardVJPs: evaluations,
        acceptedSteps: forward.solution.stats.acceptedSteps, rejectedSteps: forward.solution.stats.rejectedSteps,
        backwardAcceptedSteps: accepted, backwardRejectedSteps: rejected,
        peakBackwardBytes: 8 * (2 * k * n + 2 * (2 * n + m)) + largestSegmentBytes + solverBytes)
}
