#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Per-solve state of `solve`: the current point, buffers, recorder and counters.
/// Knobs live in `StepSizeController`; this holds only what changes during one solve.
///
/// The one adaptive loop of the package: `solve` runs it with ``NoRecording``, the naive
/// gradient with its tape (see ``IntegrationRecorder``), so both take the same steps bit for bit.
/// ``LaneIntegrator`` drives it trial by trial (`prepareTrial`, stages in lanes, `concludeTrial`).
///
/// The mutable state is `@exclusivity(unchecked)`: a run is used by one thread and none of its
/// methods hands out overlapping accesses; the dynamic checks cost ~12 % of a lane solve's
/// instructions (callgrind), since those accesses come from outside the class.
@usableFromInline
final class IntegrationRun<Field: VectorField, Recorder: IntegrationRecorder> {
    @usableFromInline let stepper: RungeKuttaStepper<Field>
    @usableFromInline let n: Int
    @usableFromInline let t0: Double
    @usableFromInline let t1: Double
    @usableFromInline let direction: Double
    @usableFromInline let parameters: UnsafeMutableBufferPointer<Double>
    /// Current state, trial state, `f(t⁺, y⁺)` for non-FSAL methods, and `[f₀, f₁]` for Hermite.
    @usableFromInline let y: UnsafeMutablePointer<Double>
    @usableFromInline let yNew: UnsafeMutablePointer<Double>
    @usableFromInline let fNew: UnsafeMutablePointer<Double>
    @usableFromInline let hermiteStages: UnsafeMutablePointer<Double>
    @exclusivity(unchecked) @usableFromInline var t: Double
    @exclusivity(unchecked) @usableFromInline var solution: Solution
    @usableFromInline let stopTimes: [Double]
    @exclusivity(unchecked) @usableFromInline var stopIndex = 0
    @usableFromInline let saveAt: [Double]
    @exclusivity(unchecked) @usableFromInline var saveIndex = 0
    /// The clock component (``SolveOptions/clock``): `saveAt` holds its values, and the solve
    /// ends at the last save.
    @usableFromInline let clock: Int?
    @usableFromInline let storeDense: Bool
    @usableFromInline let recordSteps: Bool
    @usableFromInline let isHermite: Bool
    @usableFromInline let isFSAL: Bool
    @usableFromInline let storedStageCount: Int
    /// The method's stages `s` (rows of a trial without the extra dense-output stages).
    @usableFromInline let stageCount: Int
    @exclusivity(unchecked) @usableFromInline var attempts = 0
    @exclusivity(unchecked) @usableFromInline var recorder: Recorder
    /// Whether a `saveAt` time equal to a step's end computes that step's dense output
    /// (`solve`'s historical behaviour, kept for its evaluation counts) or just copies `y⁺`.
    @usableFromInline let densifyAtStepEnd: Bool
    /// The adaptive controller's proposed next step (signed) and whether the last trial was rejected.
    @exclusivity(unchecked) @usableFromInline var h = 0.0
    @exclusivity(unchecked) @usableFromInline var rejectedSinceAccept = false
    /// Set by ``LaneIntegrator`` for an accepted step that neither saves nor ends, whose `y⁺` and
    /// last stage it found finite: it holds `y` and `k₁` in its lanes, so ``finish(h:tNew:)`` skips
    /// the finiteness checks and ``advance(to:f1:)`` carries over only the clock component (which
    /// `saveValue` and `failure` read); every other step copies the whole state in first.
    @exclusivity(unchecked) @usableFromInline var stateInLanes = false

    @usableFromInline
    init(field: Field, tableau: ButcherTableau, t0: Double, t1: Double, y0: [Double], parameters p: [Double], options: SolveOptions,
         recorder: Recorder, densifyAtStepEnd: Bool = true) {
        self.recorder = recorder
        self.densifyAtStepEnd = densifyAtStepEnd
        stepper = RungeKuttaStepper(field: field, tableau: tableau)
        n = field.dimension
        self.t0 = t0
        self.t1 = t1
        direction = t1 >= t0 ? 1 : -1
        let storage = UnsafeMutableBufferPointer<Double>.allocate(capacity: max(p.count, 1))
        _ = storage.initialize(from: p)
        parameters = UnsafeMutableBufferPointer(rebasing: storage[0..<p.count])
        y = .allocate(capacity: n)
        y.initialize(from: y0, count: n)
        yNew = .allocate(capacity: n)
        yNew.initialize(repeating: 0, count: n)
        fNew = .allocate(capacity: n)
        fNew.initialize(repeating: 0, count: n)
        hermiteStages = .allocate(capacity: 2 * n)
        hermiteStages.initialize(repeating: 0, count: 2 * n)
        t = t0
        stopTimes = options.stopTimes
        saveAt = options.saveAt
        clock = options.clock
        storeDense = options.storeDenseOutput
        recordSteps = options.recordSteps || options.storeDenseOutput
        isHermite = tableau.denseOutput.kind == .cubicHermite
        isFSAL = tableau.isFSAL
        storedStageCount = tableau.denseOutput.storedStageCount(methodStages: tableau.stageCount)
        stageCount = tableau.stageCount
        solution = Solution(tableau: tableau, dimension: n)
        solution.times = [t0]
        solution.states = y0
        solution.savedTimes = saveAt
        solution.savedStates = [Double](repeating: 0, count: saveAt.count * n)
    }

    deinit {
        parameters.baseAddress?.deallocate()
        y.deallocate()
        yNew.deallocate()
        fNew.deallocate()
        hermiteStages.deallocate()
    }

    @inlinable var p: UnsafeBufferPointer<Double> { UnsafeBufferPointer(parameters) }
    @inlinable var yBuffer: UnsafeBufferPointer<Double> { UnsafeBufferPointer(start: y, count: n) }

    @inlinable
    func failure(_ reason: IntegrationFailure.Reason, dt: Double) -> ODEError {
        let stats = solution.stats
        // With a clock, say where in physical time: its value, and the step times dt/ds there.
        let (at, step) = clock.map { (y[$0], dt * stepper.stage(0)[$0]) } ?? (t, dt)
        return .integrationFailed(IntegrationFailure(
            reason: reason, t: at, dt: step, acceptedSteps: stats.acceptedSteps,
            rejectedSteps: stats.rejectedSteps, functionEvaluations: stats.functionEvaluations))
    }

    @inlinable
    func firstNonFinite(_ v: UnsafePointer<Double>) -> Int? {
        // Fast path: a sum of finite numbers is finite unless it overflows; NaN or ±∞ anywhere
        // makes it non-finite. Only then look for the culprit.
        var sum = 0.0
        for i in 0..<n { sum += v[i] }
        if sum.isFinite { return nil }
        for i in 0..<n where !v[i].isFinite { return i }
        return nil
    }

    /// Saves `saveAt` entries equal to `t0` and evaluates `k₁ = f(t0, y0)`.
    @inlinable
    func start() throws(ODEError) {
        let startValue = clock.map { y[$0] } ?? t0
        while saveIndex < saveAt.count && saveAt[saveIndex] == startValue {
            for i in 0..<n { solution.savedStates[saveIndex * n + i] = y[i] }
            saveIndex += 1
        }
        guard t0 != t1, !isFinished else { return }
        solution.stats.functionEvaluations += stepper.evaluateFirstStage(t: t0, y: yBuffer, parameters: p)
        if let bad = firstNonFinite(stepper.stage(0)) { throw failure(.nonFiniteState(component: bad), dt: 0) }
    }

    /// Equal steps of at most `dt` between consecutive stop times.
    @inlinable
    func runFixed(dt: Double) throws(ODEError) {
        var boundaries = [t0]
        for s in stopTimes where s != boundaries[boundaries.count - 1] { boundaries.append(s) }
        if boundaries[boundaries.count - 1] != t1 { boundaries.append(t1) }
        for segment in 0..<(boundaries.count - 1) {
            let a = boundaries[segment], b = boundaries[segment + 1]
            let ratio = abs(b - a) / dt
            let m = max(1, Int((ratio - 1e-9 * max(1, ratio)).rounded(.up)))
            for i in 1...m {
                let target = i == m ? b : a + (b - a) * (Double(i) / Double(m))
                guard target != t else { continue }
                let h = landingStep(from: t, to: target)
                attempts += 1
                solution.stats.functionEvaluations += stepper.step(
                    t: t, h: h, y: yBuffer, parameters: p,
                    into: UnsafeMutableBufferPointer(start: yNew, count: n), firstStageReady: true)
                advance(to: target, f1: try finish(h: h, tNew: target).f1)
            }
        }
    }

    /// Error-controlled steps, landing exactly on stop times and `t1`.
    @inlinable
    func runAdaptive(_ controller: StepSizeController) throws(ODEError) {
        guard !isFinished else { return }
        beginAdaptive(controller)
        while !isFinished {
            let trial = try prepareTrial(controller)
            solution.stats.functionEvaluations += stepper.step(
                t: t, h: trial.h, y: yBuffer, parameters: p,
                into: UnsafeMutableBufferPointer(start: yNew, count: n), firstStageReady: true)
            let err = stepper.errorNorm(h: trial.h, y: y, yNew: yNew, rtol: controller.relativeTolerance,
                                        atol: controller.absoluteTolerance)
            try concludeTrial(trial, error: err, controller)
        }
    }

    /// The first proposed step (Hairer's rule unless `initialStep` is given), after ``start()``.
    @inlinable
    func beginAdaptive(_ controller: StepSizeController) {
        let span = abs(t1 - t0)
        h = min(controller.initialStep ?? initialStep(controller), controller.maxStep, span) * direction
        solution.stats.initialStepSize = abs(h)
        rejectedSinceAccept = false
    }

    /// The next trial step from `t` (landing on stop times and `t1`), after the underflow and
    /// `maxSteps` checks; counts the attempt. The caller computes the step into `yNew` and the
    /// stepper's stages, then calls ``concludeTrial(_:error:_:)``.
    @inlinable
    func prepareTrial(_ controller: StepSizeController) throws(ODEError) -> AdaptiveTrial {
        // With a clock, t1 is only a (generous) bound on s: the floor follows s itself.
        let floor = 16 * max(abs(t0), abs(clock == nil ? t1 : t)).ulp
        let (hTry, landing, target) = trialStep(from: t, proposed: h, t1: t1, direction: direction,
                                                stopTimes: stopTimes, stopIndex: &stopIndex)
        if !landing && abs(hTry) < max(controller.minStep, floor, 16 * t.ulp) {
            throw failure(.stepSizeUnderflow, dt: hTry)
        }
        guard attempts < controller.maxSteps else {
            throw failure(.maxStepsExceeded(limit: controller.maxSteps), dt: hTry)
        }
        attempts += 1
        return AdaptiveTrial(h: hTry, landing: landing, target: target)
    }

    /// Accepts (`err ≤ 1`: dense output, saves, advance) or rejects the trial just computed,
    /// and sets the next proposed step. Returns whether the step was accepted. `power`: the
    /// controller's power of `err`, when computed beforehand (``StepSizeController/power(error:estimatorOrder:)``).
    @inlinable @discardableResult
    func concludeTrial(_ trial: AdaptiveTrial, error err: Double, _ controller: StepSizeController,
                       power: Double? = nil) throws(ODEError) -> Bool {
        let hTry = trial.h, landing = trial.landing
        let q = stepper.tableau.controllerOrder
        let afterRejection = rejectedSinceAccept
        let factor = controller.stepFactor(error: err, estimatorOrder: q, afterRejection: afterRejection, power: power)
        if err <= 1 {
            var next = abs(hTry) * factor
            // A step shortened to land on a target says nothing against the longer proposal.
            let keptPrevious = landing && factor >= 1 && next < abs(h)
            if landing && factor >= 1 { next = max(next, abs(h)) }
            let capped = controller.maxStep < next
            h = min(next, controller.maxStep) * direction
            rejectedSinceAccept = false
            let tNew = landing ? trial.target : t + hTry
            let (f1, rows) = try finish(h: hTry, tNew: tNew)
            recorder.trial(
                TrialStep(t: t, h: hTry, err: err, factor: factor, afterRejection: afterRejection, landing: landing,
                          accepted: true, keptPreviousStep: keptPrevious, cappedAtMaxStep: capped, stageRows: rows),
                stageInputs: stepper.stageInputs, stages: stepper.stages, yNew: yNew)
            advance(to: tNew, f1: f1)
            return true
        }
        solution.stats.rejectedSteps += 1
        rejectedSinceAccept = true
        h = hTry * factor
        recorder.trial(
            TrialStep(t: t, h: hTry, err: err, factor: factor, afterRejection: afterRejection, landing: landing,
                      accepted: false, keptPreviousStep: false, cappedAtMaxStep: false,
                      stageRows: stageCount),
            stageInputs: stepper.stageInputs, stages: stepper.stages, yNew: yNew)
        return false
    }

    /// Hairer's starting-step rule (Hairer, Nørsett & Wanner, Solving ODEs I, §II.4):
    /// one extra evaluation of `f`. The recorder sees every intermediate value.
    @inlinable
    func initialStep(_ controller: StepSizeController) -> Double {
        let rtol = controller.relativeTolerance, atol = controller.absoluteTolerance
        let f0 = stepper.stage(0)
        let (d0, d1) = StartingStep.norms(y: y, f0: f0, count: n, rtol: rtol, atol: atol)
        let h0Unclamped = StartingStep.firstGuess(d0: d0, d1: d1)
        let h0 = min(h0Unclamped, abs(t1 - t0), controller.maxStep)
        let y1 = stepper.stageInput(1 % stepper.totalStageCount), f1 = stepper.stage(1 % stepper.totalStageCount)
        for i in 0..<n { y1[i] = y[i] + direction * h0 * f0[i] }
        stepper.field.evaluate(t: t + direction * h0, y: UnsafeBufferPointer(start: y1, count: n),
                               parameters: p, into: UnsafeMutableBufferPointer(start: f1, count: n))
        solution.stats.functionEvaluations += 1
        let d2 = StartingStep.secondDerivativeNorm(y: y, f0: f0, f1: f1, count: n, h0: h0, rtol: rtol, atol: atol)
        let h1 = StartingStep.secondGuess(d1: d1, d2: d2, h0: h0, order: stepper.tableau.order)
        let h = min(100 * h0, h1)
        let fellBack = !(h.isFinite && h > 0)
        let rule = fellBack ? h0 : h
        recorder.startingStep(StartingStepTrace(
            f0: f0, y1: y1, f1: f1, d0: d0, d1: d1, d2: d2, h0Unclamped: h0Unclamped, h0: h0, h1: h1, rule: rule,
            smallBranch: StartingStep.isSmall(d0: d0, d1: d1), fellBackToH0: fellBack))
        return rule
    }

    /// Records an accepted step from `(t, y)` of size `h` to `(tNew, yNew)` and fills dense
    /// output and `saveAt`. Returns `f(tNew, yNew)` (when computed) and the stage rows filled.
    @inlinable
    func finish(h: Double, tNew: Double) throws(ODEError) -> (f1: UnsafeMutablePointer<Double>?, rows: Int) {
        if !stateInLanes, let bad = firstNonFinite(yNew) { throw failure(.nonFiniteState(component: bad), dt: h) }
        let end = saveValue(endingAt: tNew)
        let saveInStep = savesInStep(endingAt: tNew)
        let wantDense = storeDense || (saveInStep && (densifyAtStepEnd || saveAt[saveIndex] != end))
        var rows = stageCount
        var f1: UnsafeMutablePointer<Double>? = nil
        if isFSAL {
            f1 = stepper.stage(stepper.tableau.stageCount - 1)
        } else if tNew != t1 || (isHermite && wantDense) {
            stepper.field.evaluate(t: tNew, y: UnsafeBufferPointer(start: yNew, count: n), parameters: p,
                                   into: UnsafeMutableBufferPointer(start: fNew, count: n))
            solution.stats.functionEvaluations += 1
            f1 = fNew
        }
        if let f1, !stateInLanes, let bad = firstNonFinite(f1) {
            t = tNew
            throw failure(.nonFiniteState(component: bad), dt: h)
        }
        if wantDense {
            let source: UnsafeMutablePointer<Double>
            if isHermite {
                let f0 = stepper.stage(0)
                for i in 0..<n { hermiteStages[i] = f0[i]; hermiteStages[n + i] = f1![i] }
                source = hermiteStages
            } else {
                solution.stats.functionEvaluations += stepper.computeExtraStages(t: t, h: h, y: yBuffer, parameters: p)
                rows = stepper.totalStageCount
                source = stepper.stages.baseAddress!
            }
            if storeDense {
                solution.denseStages.append(contentsOf: UnsafeBufferPointer(start: source, count: storedStageCount * n))
            }
            let dense = stepper.tableau.denseOutput
            solution.savedStates.withUnsafeMutableBufferPointer { saved in
                while saveIndex < saveAt.count && direction * (saveAt[saveIndex] - end) <= 0 {
                    let tau = saveAt[saveIndex], out = saved.baseAddress! + saveIndex * n
                    if tau == end {
                        for i in 0..<n { out[i] = yNew[i] }
                    } else {
                        let theta = clock.map { clockFraction(tau, clock: $0, h: h, dense: dense, stages: source) }
                        dense.interpolate(theta: theta ?? (tau - t) / h, h: h, dimension: n, y0: y, y1: yNew,
                                          stages: source, into: out)
                    }
                    saveIndex += 1
                }
            }
        } else if saveInStep {
            // Only without `densifyAtStepEnd`: saves exactly at the step's end.
            while saveIndex < saveAt.count && saveAt[saveIndex] == end {
                for i in 0..<n { solution.savedStates[saveIndex * n + i] = yNew[i] }
                saveIndex += 1
            }
        }
        if recordSteps {
            solution.times.append(tNew)
            solution.stepSizes.append(h)
            solution.states.append(contentsOf: UnsafeBufferPointer(start: yNew, count: n))
        } else if tNew == t1 || (clock != nil && saveIndex == saveAt.count) {
            solution.times.append(tNew)
            solution.states.append(contentsOf: UnsafeBufferPointer(start: yNew, count: n))
        }
        solution.stats.acceptedSteps += 1
        if tNew == t1, clock != nil, saveIndex < saveAt.count {
            t = tNew
            throw failure(.clockShort(reached: yNew[clock!], target: saveAt[saveAt.count - 1]), dt: h)
        }
        return (f1, rows)
    }

    /// Moves to the end of the accepted step; `f1` becomes the next first stage.
    @inlinable @inline(__always)
    func advance(to tNew: Double, f1: UnsafeMutablePointer<Double>?) {
        t = tNew
        if stateInLanes {
            if let clock {
                y[clock] = yNew[clock]
                if let f1 { stepper.stage(0)[clock] = f1[clock] }
            }
            return
        }
        for i in 0..<n { y[i] = yNew[i] }
        if let f1 {
            let first = stepper.stage(0)
            for i in 0..<n { first[i] = f1[i] }
        }
    }
}

/// One trial step of the adaptive loop: its size, and whether it lands on `target` (a stop time or `t1`).
@usableFromInline
struct AdaptiveTrial {
    @usableFromInline let h: Double
    @usableFromInline let landing: Bool
    @usableFromInline let target: Double
    @inlinable init(h: Double, landing: Bool, target: Double) { self.h = h; self.landing = landing; self.target = target }
}
