import ODE

/// Adaptive Checkpoint Adjoint: forward `solve` keeps the accepted `(tᵢ, hᵢ, zᵢ)`; backward
/// replays each step from its checkpoint with one stepper and applies the step's exact VJP.
@inlinable
func acaGradient<Field: DifferentiableVectorField>(_ problem: GradientProblem<Field>) throws(ODEError) -> GradientResult {
    let field = problem.field, n = field.dimension, m = field.parameterCount
    let observations = problem.observations, k = observations.count
    let forward = try ForwardPass(problem)
    let solution = forward.solution, placement = forward.placement
    let predictions = forward.predictions, cotangents = forward.cotangents
    let loss = forward.loss, count = forward.observedCount
    let stepper = RungeKuttaStepper(field: field, tableau: problem.tableau)
    let reverse = StepReverse(field: field, tableau: problem.tableau)
    var lambda = [Double](repeating: 0, count: n)      // ∂L/∂zᵢ₊₁, then ∂L/∂zᵢ
    var lambdaNext = [Double](repeating: 0, count: n)
    var yNew = [Double](repeating: 0, count: n)
    var parameterGradient = [Double](repeating: 0, count: m)
    var replayEvaluations = 0
    let steps = solution.stepCount
    // Observations grouped by checkpoint / step, walked backward.
    var byCheckpoint = [Int](repeating: -1, count: steps + 1)  // last observation at checkpoint j
    for q in 0..<k where placement.checkpoint[q] >= 0 { byCheckpoint[placement.checkpoint[q]] = q }
    var firstInStep = [Int](repeating: -1, count: steps)
    var lastInStep = [Int](repeating: -1, count: steps)
    for q in 0..<k where placement.step[q] >= 0 {
        let i = placement.step[q]
        if firstInStep[i] < 0 { firstInStep[i] = q }
        lastInStep[i] = q
    }

    solution.states.withUnsafeBufferPointer { states in
        problem.parameters.withUnsafeBufferPointer { p in
            cotangents.withUnsafeBufferPointer { cot in
                lambda.withUnsafeMutableBufferPointer { lam in
                    lambdaNext.withUnsafeMutableBufferPointer { lamNext in
                        yNew.withUnsafeMutableBufferPointer { yOut in
                            parameterGradient.withUnsafeMutableBufferPointer { pg in
                                let lamP = lam.baseAddress!, lamNextP = lamNext.baseAddress!
                                func addObservation(atCheckpoint j: Int) {
                                    let q = byCheckpoint[j]
                                    guard q >= 0 else { return }
                                    for d in 0..<n { lamP[d] += cot[q * n + d] }
                                }
                                addObservation(atCheckpoint: steps)
                                var i = steps - 1
                                while i >= 0 {
                                    let t = solution.times[i], h = solution.stepSizes[i]
                                    let y = states.baseAddress! + i * n
                                    replayEvaluations += stepper.step(
                                        t: t, h: h, y: UnsafeBufferPointer(start: y, count: n), parameters: p, into: yOut)
                                    for d in 0..<n { lamNextP[d] = lamP[d]; lamP[d] = 0 }
                                    reverse.begin()
                                    if firstInStep[i] >= 0 {
                                        replayEvaluations += stepper.computeExtraStages(
                                            t: t, h: h, y: UnsafeBufferPointer(start: y, count: n), parameters: p)
                                        for q in firstInStep[i]...lastInStep[i] where placement.step[q] == i {
                                            reverse.addDenseCotangent(
                                                theta: (observations.times[q] - t) / h, t: t, h: h, mu: cot.baseAddress! + q * n,
                                                y: y, yNext: y + n, stages: stepper.stages.baseAddress!,
                                                nextCotangent: lamNextP, parameters: p, trackStepSize: false)
                                        }
                                        reverse.flushEndSlope(tNext: solution.times[i + 1], yNext: y + n, nextCotangent: lamNextP,
                                                              parameters: p, parameterGradient: pg.baseAddress!)
                                    }
                                    reverse.reverse(
                                        t: t, h: h, stageInputs: stepper.stageInputs.baseAddress!, stages: stepper.stages.baseAddress!,
                                        nextCotangent: lamNextP, parameters: p, stateCotangent: lamP,
                                        parameterGradient: pg.baseAddress!, trackStepSize: false)
                                    addObservation(atCheckpoint: i)
                                    i -= 1
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    let checkpointBytes = 8 * (solution.times.count + solution.stepSizes.count + solution.states.count)
    let bufferBytes = 8 * (4 * n + m + 2 * stepper.totalStageCount * n) + reverse.bytes + 8 * 4 * (steps + 1)
    return GradientResult(
        method: GradientMethod.aca.name, loss: loss, observedCount: count, parameterGradient: parameterGradient,
        initialStateGradient: lambda, predictions: predictions,
        forwardEvaluations: solution.stats.functionEvaluations, backwardEvaluations: replayEvaluations + reverse.evaluationCount,
        backwardVJPs: reverse.vjpCount, acceptedSteps: solution.stats.acceptedSteps, rejectedSteps: solution.stats.rejectedSteps,
        peakBackwardBytes: checkpointBytes + bufferBytes)
}
