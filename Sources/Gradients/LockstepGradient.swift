import ODE

/// ACA (Zhuang et al. 2020, Adaptive Checkpoint Adjoint) for a lockstep group: trajectories with their
/// own initial states, start times, observation times, masks and weights, each keeping its own
/// tolerance-controlled step sizes, solved and differentiated together so that a neural field runs as
/// matrix–matrix products (issue 13 (b)).
///
/// Forward: ``solveLockstep(_:jobs:parameters:method:controller:)`` — lane `b`'s accepted
/// `(tᵢ, hᵢ, zᵢ)` are exactly what `computeGradient(problems[b], method: .aca)` records (bit for bit when
/// the batched evaluation equals the single-state one). Backward: every lane replays its accepted steps
/// from last to first, one step per round; each round recomputes the stages of all unfinished lanes with
/// one batched evaluation per stage and runs the stage VJPs with one batched VJP per stage row over the
/// lanes whose row cotangent is nonzero. Dense-output and checkpoint observation cotangents enter per lane
/// exactly as ``acaGradient`` does (``StepReverse``). ACA differentiates the recorded step sequence, so the
/// gradient is exact for each lane's own discrete solve.
///
/// The result is the batch loss of ``BatchGradientResult`` (`Σ_b S_b / Σ_b N_b`, any ``ObservationLoss``
/// weighted by observed counts): each lane's loss cotangents are scaled by its share `N_b / N` before the
/// sweep, so one parameter cotangent sums every lane. `trajectories[b]` carries lane `b`'s loss, observed
/// count, predictions and cost figures; its `parameterGradient` is empty and its `initialStateGradient` is
/// `initialStateGradients[b]` (of the batch loss), since the batched VJP never forms per-lane parameter gradients.
///
/// All problems must share the field, parameters, tableau and controller (each has its own observation
/// mode and loss); otherwise `ODEError.invalidInput` names the first that differs. Throws the first failing
/// lane's error (lowest index).
@inlinable
public func computeLockstepGradients<Field: BatchVectorField>(_ problems: [GradientProblem<Field>]) throws(ODEError)
    -> BatchGradientResult
{
    guard let first = problems.first else { return BatchGradientResult(method: GradientMethod.aca.name, trajectories: []) }
    try validateLockstepGroup(problems)
    let jobs = problems.map { LockstepJob(t0: $0.t0, t1: $0.t1, initialState: $0.initialState, options: $0.solveOptions) }
    let solutions = solveLockstep(first.field, jobs: jobs, parameters: first.parameters, method: first.tableau,
                                  controller: first.controller)
    var forwards: [ForwardPass] = []
    forwards.reserveCapacity(problems.count)
    for (problem, outcome) in zip(problems, solutions) {
        switch outcome {
        case .success(let solution): forwards.append(ForwardPass(problem, solution: solution))
        case .failure(let error): throw error
        }
    }
    let sweep = LockstepSweep(field: first.field, tableau: first.tableau, problems: problems, forwards: forwards)
    sweep.run(parameters: first.parameters)
    let total = forwards.reduce(0) { $0 + $1.observedCount }
    var loss = 0.0
    var trajectories: [GradientResult] = []
    for (b, forward) in forwards.enumerated() {
        loss += (total > 0 ? Double(forward.observedCount) / Double(total) : 0) * forward.loss
        let stats = forward.solution.stats
        trajectories.append(GradientResult(
            method: GradientMethod.aca.name, loss: forward.loss, observedCount: forward.observedCount, parameterGradient: [],
            initialStateGradient: sweep.initialStateGradient(b), predictions: forward.predictions,
            forwardEvaluations: stats.functionEvaluations, backwardEvaluations: sweep.backwardEvaluations[b],
            backwardVJPs: sweep.reverses[b].vjpCount, acceptedSteps: stats.acceptedSteps, rejectedSteps: stats.rejectedSteps,
            peakBackwardBytes: sweep.peakBytes(b)))
    }
    return BatchGradientResult(method: GradientMethod.aca.name, loss: loss, observedCount: total,
                               parameterGradient: sweep.parameterGradient, trajectories: trajectories)
}

/// The evaluation of ``computeLockstepGradients(_:)`` without the backward sweep: the batch loss
/// (`Σ_b S_b / Σ_b N_b`) and observed count, the forward solves in lockstep.
@inlinable
public func evaluateLockstepLoss<Field: BatchVectorField>(_ problems: [GradientProblem<Field>]) throws(ODEError)
    -> (loss: Double, observedCount: Int)
{
    guard let first = problems.first else { return (.nan, 0) }
    try validateLockstepGroup(problems)
    let jobs = problems.map { LockstepJob(t0: $0.t0, t1: $0.t1, initialState: $0.initialState, options: $0.solveOptions) }
    let solutions = solveLockstep(first.field, jobs: jobs, parameters: first.parameters, method: first.tableau,
                                  controller: first.controller)
    var sum = 0.0, total = 0
    for (problem, outcome) in zip(problems, solutions) {
        switch outcome {
        case .success(let solution):
            let forward = ForwardPass(problem, solution: solution)
            sum += forward.loss * Double(forward.observedCount)
            total += forward.observedCount
        case .failure(let error): throw error
        }
    }
    return (total > 0 ? sum / Double(total) : .nan, total)
}

/// Validates each problem and checks that all share the first one's parameters, tableau and controller.
@inlinable
func validateLockstepGroup<Field: BatchVectorField>(_ problems: [GradientProblem<Field>]) throws(ODEError) {
    guard let first = problems.first else { return }
    for (b, problem) in problems.enumerated() {
        try problem.validate()
        if problem.parameters != first.parameters || problem.tableau != first.tableau || problem.controller != first.controller
            || problem.field.dimension != first.field.dimension || problem.field.parameterCount != first.field.parameterCount {
            throw .invalidInput(.invalidSetting(
                name: "problems[\(b)] (lockstep group)", value: Double(b),
                requirement: "the same parameters, tableau and controller as problems[0]; solve it per trajectory (FitBatching.perTrajectory)"))
        }
    }
}

extension BatchGradientResult {
    /// A batch result whose totals were computed together (the lockstep ACA), not from per-trajectory gradients.
    @usableFromInline
    init(method: String, loss: Double, observedCount: Int, parameterGradient: [Double], trajectories: [GradientResult]) {
        self.init(method: method, trajectories: [])
        self.trajectories = trajectories
        self.loss = loss
        self.observedCount = observedCount
        self.parameterGradient = parameterGradient
        initialStateGradients = trajectories.map(\.initialStateGradient)
    }
}
