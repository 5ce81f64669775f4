import ODE

/// The loss of `problem` and `∂L/∂(parameters, initial state)` by `method`, with its cost.
///
/// - Throws: `ODEError.invalidInput` for a malformed problem (see ``GradientProblem/validate()``)
///   and `ODEError.integrationFailed` when the forward (or the adjoint's backward) solve fails.
@inlinable
public func computeGradient<Field: DifferentiableVectorField>(
    _ problem: GradientProblem<Field>, method: GradientMethod
) throws(ODEError) -> GradientResult {
    try problem.validate()
    switch method {
    case .aca: return try acaGradient(problem)
    case .mali: return try maliGradient(problem)
    case .naive: return try naiveGradient(problem, frozenSteps: false)
    case .naiveFrozenSteps: return try naiveGradient(problem, frozenSteps: true)
    case .adjoint(let rtol, let atol): return try adjointGradient(problem, rtol: rtol, atol: atol)
    }
}

/// The loss alone (one forward solve, no gradient): for validation losses and finite differences.
@inlinable
public func evaluateLoss<Field: DifferentiableVectorField>(
    _ problem: GradientProblem<Field>
) throws(ODEError) -> (loss: Double, observedCount: Int, predictions: [Double], stats: SolverStatistics) {
    try problem.validate()
    let forward = try ForwardPass(problem)
    return (forward.loss, forward.observedCount, forward.predictions, forward.solution.stats)
}
