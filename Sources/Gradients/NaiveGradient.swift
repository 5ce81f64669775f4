#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ODE

/// One trial step of the naive method's forward pass, as recorded on the tape.
@usableFromInline
struct NaiveAttempt {
    @usableFromInline var t: Double
    /// The step tried (`hTry`), signed.
    @usableFromInline var h: Double
    @usableFromInline var err: Double
    @usableFromInline var factor: Double
    /// `∂factor/∂err` (0 where the factor is clamped or constant).
    @usableFromInline var factorSlope: Double
    @usableFromInline var landing: Bool
    @usableFromInline var accepted: Bool
    /// Accepted landing step whose successor kept the previous, longer proposal `h`.
    @usableFromInline var keptPreviousStep: Bool
    /// Accepted step whose successor was capped at `maxStep`.
    @usableFromInline var cappedAtMaxStep: Bool
    /// Index of the accepted state the trial started from.
    @usableFromInline var stateIndex: Int
    /// Offset on the tape and number of stage rows stored (`s`, or `s` + extra stages).
    @usableFromInline var tapeOffset: Int
    @usableFromInline var rows: Int

    @usableFromInline
    init(t: Double, h: Double, err: Double, factor: Double, factorSlope: Double, landing: Bool, accepted: Bool,
         keptPreviousStep: Bool, cappedAtMaxStep: Bool, stateIndex: Int, tapeOffset: Int, rows: Int) {
        self.t = t; self.h = h; self.err = err; self.factor = factor; self.factorSlope = factorSlope
        self.landing = landing; self.accepted = accepted; self.keptPreviousStep = keptPreviousStep
        self.cappedAtMaxStep = cappedAtMaxStep; self.stateIndex = stateIndex; self.tapeOffset = tapeOffset; self.rows = rows
    }
}

/// Hairer's starting-step rule, recorded for differentiation.
@usableFromInline
struct StartingStepRecord {
    @usableFromInline var f0: [Double] = []
    @usableFromInline var y1: [Double] = []
    @usableFromInline var f1: [Double] = []
    @usableFromInline var d0 = 0.0, d1 = 0.0, d2 = 0.0, h0 = 0.0, m = 0.0, h1 = 0.0, rule = 0.0
    @usableFromInline var smallBranch = false
    @usableFromInline var h0Clamped = false
    @usableFromInline var fellBackToH0 = false
    @usableFromInline init() {}
}

/// `∂factor/∂err` of `StepSizeController.stepFactor` (0 where it is constant or clamped).
@inlinable
func stepFactorSlope(_ controller: StepSizeController, error err: Double, estimatorOrder q: Int, afterRejection: Bool) -> Double {
    guard err.isFinite, err > 0 else { return 0 }
    let exponent = -1 / Double(q + 1)
    let raw = controller.safety * pow(err, exponent)
    guard raw > controller.minFactor, raw < controller.maxFactor else { return 0 }
    if (err > 1 || afterRejection) && raw > 1 { return 0 }
    return raw * exponent / err
}

/// Naive backprop: re-traces `solve`'s adaptive loop step for step (the same values, bit
/// for bit), recording every trial on a tape, then runs reverse mode over the whole graph.
@inlinable
func naiveGradient<Field: DifferentiableVectorField>(
    _ problem: GradientProblem<Field>, frozenSteps: Bool
) throws(ODEError) -> GradientResult {
    let field = problem.field, tableau = problem.tableau, controller = problem.controller
    let n = field.dimension, m = field.parameterCount
    let observations = problem.observations, k = observations.count
    let t0 = problem.t0, t1 = problem.t1
    let landOnObservations = problem.observationMode == .stepOnObservations
    let stopTimes = landOnObservations ? observations.times : []
    let stepper = RungeKuttaStepper(field: field, tableau: tableau)
    let s = tableau.stageCount, total = stepper.totalStageCount
    let isFSAL = tableau.isFSAL, isHermite = tableau.denseOutput.kind == .cubicHermite
    let q = tableau.errorEstimatorOrder ?? tableau.order - 1
    let rtol = controller.relativeTolerance, atol = controller.absoluteTolerance
    let direction: Double = t1 >= t0 ? 1 : -1
    if !frozenSteps && !field.isAutonomous && !(field is any TimeDifferentiableVectorField) {
        throw .invalidInput(.timeDerivativeMissing(method: GradientMethod.naive.name))
    }

    var tape: [Double] = []
    var attempts: [NaiveAttempt] = []
    var times: [Double] = [t0]
    var states: [Double] = problem.initialState
    var predictions = [Double](repeating: 0, count: k * n)
    var evaluations = 0, rejected = 0
    var start = StartingStepRecord()
    var hFirstFromRule = false

    let p = UnsafeMutableBufferPointer<Double>.allocate(capacity: max(m, 1))
    defer { p.deallocate() }
    for i in 0..<m { p[i] = problem.parameters[i] }
    let params = UnsafeBufferPointer(rebasing: p[0..<m])
    let y = UnsafeMutablePointer<Double>.allocate(capacity: n)
    let yNew = UnsafeMutablePointer<Double>.allocate(capacity: n)
    let fNew = UnsafeMutablePointer<Double>.allocate(capacity: n)
    let hermite = UnsafeMutablePointer<Double>.allocate(capacity: 2 * n)
    defer { y.deallocate(); yNew.deallocate(); fNew.deallocate(); hermite.deallocate() }
    for i in 0..<n { y[i] = problem.initialState[i] }
    let yBuffer = UnsafeBufferPointer(start: UnsafePointer(y), count: n)

    func failure(_ reason: IntegrationFailure.Reason, t: Double, dt: Double) -> ODEError {
        .integrationFailed(IntegrationFailure(reason: reason, t: t, dt: dt, acceptedSteps: times.count - 1,
                                              rejectedSteps: rejected, functionEvaluations: evaluations))
    }

    var t = t0
    var obsIndex = 0
    while obsIndex < k && observations.times[obsIndex] == t0 {
        for d in 0..<n { predictions[obsIndex * n + d] = y[d] }
        obsIndex += 1
    }
    if t0 != t1 {
        evaluations += stepper.evaluateFirstStage(t: t0, y: yBuffer, parameters: params)
        for i in 0..<n where !stepper.stage(0)[i].isFinite { throw failure(.nonFiniteState(component: i), t: t, dt: 0) }
        // Hairer's starting step, exactly as `solve` computes it.
        let span = abs(t1 - t0)
        var rule = 0.0
        if controller.initialStep == nil {
            let f0 = stepper.stage(0)
            start.f0 = Array(UnsafeBufferPointer(start: f0, count: n))
            let (d0, d1) = StartingStep.norms(y: y, f0: f0, count: n, rtol: rtol, atol: atol)
            start.smallBranch = StartingStep.isSmall(d0: d0, d1: d1)
            var h0 = StartingStep.firstGuess(d0: d0, d1: d1)
            let unclamped = h0
            h0 = min(h0, abs(t1 - t0), controller.maxStep)
            start.h0Clamped = h0 != unclamped
            var y1 = [Double](repeating: 0, count: n), f1 = [Double](repeating: 0, count: n)
            for i in 0..<n { y1[i] = y[i] + direction * h0 * f0[i] }
            y1.withUnsafeBufferPointer { y1b in
                f1.withUnsafeMutableBufferPointer { field.evaluate(t: t + direction * h0, y: y1b, parameters: params, into: $0) }
            }
            evaluations += 1
            let d2 = f1.withUnsafeBufferPointer {
                StartingStep.secondDerivativeNorm(y: y, f0: f0, f1: $0.baseAddress!, count: n, h0: h0, rtol: rtol, atol: atol)
            }
            let mm = max(d1, d2)
            let h1 = StartingStep.secondGuess(d1: d1, d2: d2, h0: h0, order: tableau.order)
            let h = min(100 * h0, h1)
            start.fellBackToH0 = !(h.isFinite && h > 0)
            rule = start.fellBackToH0 ? h0 : h
            start.y1 = y1; start.f1 = f1
            start.d0 = d0; start.d1 = d1; start.d2 = d2; start.h0 = h0; start.m = mm; start.h1 = h1; start.rule = rule
            hFirstFromRule = !(controller.maxStep < rule) && !(span < rule)
        } else {
            rule = controller.initialStep!
        }
        var h = min(rule, controller.maxStep, span) * direction
        let floor = 16 * max(abs(t0), abs(t1)).ulp
        var rejectedSinceAccept = false
        var stopIndex = 0
        var attemptCount = 0
        while t != t1 {
            let (hTry, landing, target) = trialStep(from: t, proposed: h, t1: t1, direction: direction,
                                            stopTimes: stopTimes, stopIndex: &stopIndex)
            if !landing && abs(hTry) < max(controller.minStep, floor, 16 * t.ulp) {
                throw failure(.stepSizeUnderflow, t: t, dt: hTry)
            }
            guard attemptCount < controller.maxSteps else {
                throw failure(.maxStepsExceeded(limit: controller.maxSteps), t: t, dt: hTry)
            }
            attemptCount += 1
            evaluations += stepper.step(t: t, h: hTry, y: yBuffer, parameters: params,
                                        into: UnsafeMutableBufferPointer(start: yNew, count: n), firstStageReady: true)
            let err = stepper.errorNorm(h: hTry, y: y, yNew: yNew, rtol: rtol, atol: atol)
            let factor = controller.stepFactor(error: err, estimatorOrder: q, afterRejection: rejectedSinceAccept)
            let slope = stepFactorSlope(controller, error: err, estimatorOrder: q, afterRejection: rejectedSinceAccept)
            var attempt = NaiveAttempt(t: t, h: hTry, err: err, factor: factor, factorSlope: slope, landing: landing,
                                       accepted: err <= 1, keptPreviousStep: false, cappedAtMaxStep: false,
                                       stateIndex: times.count - 1, tapeOffset: tape.count, rows: s)
            if err <= 1 {
                var next = abs(hTry) * factor
                if landing && factor >= 1 && next < abs(h) { next = abs(h); attempt.keptPreviousStep = true }
                attempt.cappedAtMaxStep = controller.maxStep < next
                h = min(next, controller.maxStep) * direction
                rejectedSinceAccept = false
                // Accept: the same checks and dense output as `solve`.
                let tNew = landing ? target : t + hTry
                for i in 0..<n where !yNew[i].isFinite { throw failure(.nonFiniteState(component: i), t: t, dt: hTry) }
                var inside = obsIndex
                while inside < k && direction * (observations.times[inside] - tNew) < 0 { inside += 1 }
                let denseInStep = inside > obsIndex
                var f1: UnsafeMutablePointer<Double>? = nil
                if isFSAL {
                    f1 = stepper.stage(s - 1)
                } else if tNew != t1 || (isHermite && denseInStep) {
                    field.evaluate(t: tNew, y: UnsafeBufferPointer(start: yNew, count: n), parameters: params,
                                   into: UnsafeMutableBufferPointer(start: fNew, count: n))
                    evaluations += 1
                    f1 = fNew
                }
                if let f1 { for i in 0..<n where !f1[i].isFinite { throw failure(.nonFiniteState(component: i), t: tNew, dt: hTry) } }
                if denseInStep {
                    let source: UnsafeMutablePointer<Double>
                    if isHermite {
                        for i in 0..<n { hermite[i] = stepper.stage(0)[i]; hermite[n + i] = f1![i] }
                        source = hermite
                    } else {
                        evaluations += stepper.computeExtraStages(t: t, h: hTry, y: yBuffer, parameters: params)
                        attempt.rows = total
                        source = stepper.stages.baseAddress!
                    }
                    predictions.withUnsafeMutableBufferPointer { out in
                        for qq in obsIndex..<inside {
                            tableau.denseOutput.interpolate(
                                theta: (observations.times[qq] - t) / hTry, h: hTry, dimension: n, y0: y, y1: yNew,
                                stages: source, into: out.baseAddress! + qq * n)
                        }
                    }
                    obsIndex = inside
                }
                record(&tape, attempt, stepper, yNew, n)
                attempts.append(attempt)
                times.append(tNew)
                states.append(contentsOf: UnsafeBufferPointer(start: yNew, count: n))
                while obsIndex < k && observations.times[obsIndex] == tNew {
                    for d in 0..<n { predictions[obsIndex * n + d] = yNew[d] }
                    obsIndex += 1
                }
                for i in 0..<n { y[i] = yNew[i] }
                if let f1 { let first = stepper.stage(0); for i in 0..<n { first[i] = f1[i] } }
                t = tNew
            } else {
                rejected += 1
                rejectedSinceAccept = true
                h = hTry * factor
                record(&tape, attempt, stepper, yNew, n)
                attempts.append(attempt)
            }
        }
    }

    var cotangents = [Double](repeating: 0, count: k * n)
    let (loss, count) = predictions.withUnsafeBufferPointer { pr in
        cotangents.withUnsafeMutableBufferPointer { c in
            problem.loss.lossAndCotangents(predictions: pr, observations: observations, dimension: n, cotangents: c)
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

/// Appends one trial's stage inputs, stages (`attempt.rows` rows each) and `y⁺` to the tape.
@inlinable
func record<Field: VectorField>(_ tape: inout [Double], _ attempt: NaiveAttempt, _ stepper: RungeKuttaStepper<Field>,
                   _ yNew: UnsafeMutablePointer<Double>, _ n: Int) {
    let rows = attempt.rows
    tape.append(contentsOf: UnsafeBufferPointer(start: stepper.stageInputs.baseAddress!, count: rows * n))
    tape.append(contentsOf: UnsafeBufferPointer(start: stepper.stages.baseAddress!, count: rows * n))
    tape.append(contentsOf: UnsafeBufferPointer(start: yNew, count: n))
}
