#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ODE

/// Naive backprop: runs `solve`'s adaptive loop with a ``NaiveTape`` recorder (every trial,
/// the controller's decisions and Hairer's starting step), then reverse mode over the whole graph.
@inlinable
func naiveGradient<Field: DifferentiableVectorField>(
    _ problem: GradientProblem<Field>, frozenSteps: Bool
) throws(ODEError) -> GradientResult {
    let field = problem.field, tableau = problem.tableau, controller = problem.controller
    let n = field.dimension, m = field.parameterCount
    let observations = problem.observations, k = observations.count
    let t0 = problem.t0, t1 = problem.t1
    let s = tableau.stageCount
    let rtol = controller.relativeTolerance, atol = controller.absoluteTolerance
    let direction: Double = t1 >= t0 ? 1 : -1
    if !frozenSteps && !field.isAutonomous && !(field is any TimeDifferentiableVectorField) {
        throw .invalidInput(.timeDerivativeMissing(method: GradientMethod.naive.name))
    }
    // Observations are saved without dense work at step ends (only steps with an observation
    // strictly inside pay for their extra stages), and are stop times unless read densely.
    let stopTimes = problem.observationMode == .stepOnObservations ? observations.times : []
    let (solution, recorded) = try integrate(
        field, from: t0, to: t1, initialState: problem.initialState, parameters: problem.parameters,
        method: tableau, controller: controller, options: SolveOptions(stopTimes: stopTimes, saveAt: observations.times),
        recorder: NaiveTape(controller: controller, dimension: n, tableau: tableau), densifyAtStepEnd: false)
    let tape = recorded.tape, attempts = recorded.attempts, start = recorded.start
    let times = solution.times, states = solution.states, predictions = solution.savedStates
    let evaluations = solution.stats.functionEvaluations, rejected = solution.stats.rejectedSteps
    let span = abs(t1 - t0)
    let hFirstFromRule = controller.initialStep == nil && t0 != t1
        && !(controller.maxStep < start.rule) && !(span < start.rule)
    let p = UnsafeMutableBufferPointer<Double>.allocate(capacity: max(m, 1))
    defer { p.deallocate() }
    for i in 0..<m { p[i] = problem.parameters[i] }
    let params = UnsafeBufferPointer(rebasing: p[0..<m])

    var cotangents = [Double](repeating: 0, count: k * n)
    let (loss, count) = predictions.withUnsafeBufferPointer { pr in
        cotangents.withUnsafeMutableBufferPointer { c in
            ObservationLoss.evaluate(predictions: pr, observations: observations, dimension: n, cotangents: c)
        }
    }
    let placement = ObservationPlacement(observationTimes: observations.times, times: times)
    let tapeBytes = 8 * (tape.count + times.count + states.count + 3 * start.f0.count)
        + attempts.count * MemoryLayout<NaiveAttempt>.stride

    // Reverse sweep over the tape.
    let reverse = StepReverse(field: field, tableau: tableau)
    var lambda = [Double](repeating: 0, count: n)
    var lambdaNext = [Double](repeating: 0, count: n)
    var parameterGradient = [Double](repeating: 0, count: m)
    let track = !frozenSteps
    let e = tableau.errorWeights ?? [Double](repeating: 0, count: s)
    let e2 = tableau.secondaryErrorWeights
    var stepSizeCarry = 0.0, timeCarry = 0.0
    var byCheckpoint = [Int](repeating: -1, count: times.count)
    for qq in 0..<k where placement.checkpoint[qq] >= 0 { byCheckpoint[placement.checkpoint[qq]] = qq }
    let denseCount = placement.step.reduce(0) { $0 + ($1 >= 0 ? 1 : 0) }
    tape.withUnsafeBufferPointer { tp in
        states.withUnsafeBufferPointer { st in
            cotangents.withUnsafeBufferPointer { cot in
                lambda.withUnsafeMutableBufferPointer { lamB in
                    lambdaNext.withUnsafeMutableBufferPointer { lamNextB in
                        parameterGradient.withUnsafeMutableBufferPointer { pgB in
                            let lam = lamB.baseAddress!, lamNext = lamNextB.baseAddress!, pg = pgB.baseAddress!
                            func addObservation(atCheckpoint j: Int) {
                                let qq = byCheckpoint[j]
                                guard qq >= 0 else { return }
                                for d in 0..<n { lam[d] += cot[qq * n + d] }
                            }
                            addObservation(atCheckpoint: times.count - 1)
                            var denseCursor = k - 1
                            var index = attempts.count - 1
                            while index >= 0 {
                                let attempt = attempts[index]
                                index -= 1
                                if frozenSteps && !attempt.accepted { continue }
                                let rows = attempt.rows
                                let stageInputs = tp.baseAddress! + attempt.tapeOffset
                                let stages = stageInputs + rows * n
                                let yEnd = stages + rows * n
                                let yStart = st.baseAddress! + attempt.stateIndex * n
                                reverse.begin()
                                var hBar = 0.0, tBar = 0.0, hPreviousBar = 0.0, factorBar = 0.0
                                if attempt.accepted {
                                    for d in 0..<n { lamNext[d] = lam[d]; lam[d] = 0 }
                                    if track {
                                        if !attempt.landing { tBar += timeCarry; hBar += timeCarry }
                                        if !attempt.cappedAtMaxStep {
                                            if attempt.keptPreviousStep {
                                                hPreviousBar += stepSizeCarry
                                            } else {
                                                hBar += stepSizeCarry * attempt.factor
                                                factorBar += stepSizeCarry * attempt.h
                                            }
                                        }
                                    }
                                    if denseCount > 0 {
                                        var any = false
                                        while denseCursor >= 0 && (placement.step[denseCursor] < 0 || placement.step[denseCursor] > attempt.stateIndex) {
                                            denseCursor -= 1
                                        }
                                        while denseCursor >= 0 && placement.step[denseCursor] == attempt.stateIndex {
                                            reverse.addDenseCotangent(
                                                theta: (observations.times[denseCursor] - attempt.t) / attempt.h, t: attempt.t, h: attempt.h,
                                                mu: cot.baseAddress! + denseCursor * n, y: yStart, yNext: yEnd, stages: stages,
                                                nextCotangent: lamNext, parameters: params, trackStepSize: track)
                                            any = true
                                            denseCursor -= 1
                                        }
                                        if any {
                                            reverse.flushEndSlope(tNext: attempt.t + attempt.h, yNext: yEnd, nextCotangent: lamNext,
                                                                  parameters: params, parameterGradient: pg, trackStepSize: track)
                                        }
                                    }
                                } else {
                                    for d in 0..<n { lamNext[d] = 0 }
                                    hBar += stepSizeCarry * attempt.factor
                                    factorBar += stepSizeCarry * attempt.h
                                    tBar += timeCarry
                                }
                                if track && factorBar != 0 && attempt.factorSlope != 0 {
                                    hBar += errorNormReverse(
                                        errBar: factorBar * attempt.factorSlope, h: attempt.h, y: yStart, yNew: yEnd,
                                        stages: stages, n: n, s: s, e: e, e2: e2, rtol: rtol, atol: atol, reverse: reverse,
                                        yNewCotangent: lamNext)
                                }
                                reverse.reverse(t: attempt.t, h: attempt.h, stageInputs: stageInputs, stages: stages,
                                                nextCotangent: lamNext, parameters: params, stateCotangent: lam,
                                                parameterGradient: pg, trackStepSize: track)
                                if track {
                                    hBar += reverse.stepSizeCotangent
                                    tBar += reverse.timeCotangent
                                    if attempt.landing { tBar -= hBar } else { hPreviousBar += hBar }
                                    stepSizeCarry = hPreviousBar
                                    timeCarry = tBar
                                }
                                if attempt.accepted { addObservation(atCheckpoint: attempt.stateIndex) }
                            }
                            if attempts.isEmpty { addObservation(atCheckpoint: 0) }
                            if track && hFirstFromRule && stepSizeCarry != 0 {
                                startingStepReverse(
                                    ruleBar: stepSizeCarry * direction, record: start, field: field, t0: t0, y0: st.baseAddress!,
                                    direction: direction, order: tableau.order, rtol: rtol, atol: atol, parameters: params,
                                    stateCotangent: lam, parameterGradient: pg, reverse: reverse)
                            }
                        }
                    }
                }
            }
        }
    }
    return GradientResult(
        method: frozenSteps ? GradientMethod.naiveFrozenSteps.name : GradientMethod.naive.name,
        loss: loss, observedCount: count, parameterGradient: parameterGradient, initialStateGradient: lambda,
        predictions: predictions, forwardEvaluations: evaluations, backwardEvaluations: reverse.evaluationCount,
        backwardVJPs: reverse.vjpCount, acceptedSteps: times.count - 1, rejectedSteps: rejected,
        peakBackwardBytes: tapeBytes + reverse.bytes + 8 * (2 * n + m))
}
