import LaneKernels

/// Many independent adaptive solves of one field, four at a time, interleaved in SIMD lanes.
///
/// Each solve is exactly `solve(field, from: t0, to: t1, initialState: y0, parameters: p,
/// method: tableau, stepSize: .adaptive(controller), options: SolveOptions(saveAt: saveAt,
/// recordSteps: false))`: the same trial steps, the same arithmetic in the same order, so the
/// same ``Solution`` bit for bit (`LaneIntegratorTests`). Only the stage computations of a trial
/// step — `Yⱼ = y + h Σ aⱼₗ kₗ`, `kⱼ = f(t + cⱼh, Yⱼ)` and the error vectors — run for four
/// trajectories at once, each lane with its own `t`, `h`, state and parameters; everything per
/// trajectory (step-size control, landing, dense output at the save times, failure checks) runs
/// in that trajectory's own `IntegrationRun`, the same code `solve` runs.
///
/// A solve is a chain of dependent stages, so one solve keeps a core waiting on latencies
/// (square root, division, store-to-load forwarding); four interleaved independent solves fill
/// those waits. A lane whose solve ends is refilled with the next job at once, so one long
/// trajectory never holds the others back (unlike lock-step batching).
///
/// Owns mutable buffers: use one per thread.
public final class LaneIntegrator<Field: LaneVectorField> {
    /// One solve: an identifier handed back with its result, the span, initial state, parameters and save times.
    public struct Job: Sendable {
        public var id: Int
        public var t0: Double
        public var t1: Double
        public var initialState: [Double]
        public var parameters: [Double]
        public var saveAt: [Double]
        public init(id: Int, t0: Double, t1: Double, initialState: [Double], parameters: [Double], saveAt: [Double]) {
            self.id = id; self.t0 = t0; self.t1 = t1; self.initialState = initialState
            self.parameters = parameters; self.saveAt = saveAt
        }
    }

    public let field: Field
    public let tableau: ButcherTableau
    public let controller: StepSizeController
    @usableFromInline static var laneCount: Int { Lanes.scalarCount }
    /// Coefficients in sparse form (``RungeKuttaStepper``'s rows, byte offsets for one state).
    @usableFromInline let template: RungeKuttaStepper<Field>
    @usableFromInline let n: Int
    @usableFromInline let s: Int
    @usableFromInline let parameterCount: Int
    /// `kⱼ` and `Yⱼ` of the method's stages, `s × n` lanes; state, `y⁺` (non-FSAL), error vectors, parameters.
    @usableFromInline let stages: UnsafeMutablePointer<Lanes>
    @usableFromInline let stageInputs: UnsafeMutablePointer<Lanes>
    @usableFromInline let y: UnsafeMutablePointer<Lanes>
    @usableFromInline let yNew: UnsafeMutablePointer<Lanes>
    @usableFromInline let err: UnsafeMutablePointer<Lanes>
    @usableFromInline let parameters: UnsafeMutablePointer<Lanes>
    /// Per-term scratch of one combination: `h·aⱼₗ` for each lane and the stage row.
    @usableFromInline let coefficients: UnsafeMutablePointer<Lanes>
    @usableFromInline let rows: UnsafeMutablePointer<UnsafePointer<Lanes>>
    /// Combine with the AVX2 kernel (`LaneKernels`, the same operations 4 lanes per instruction);
    /// true by default where the CPU has AVX2, false: the portable Swift loop. Same results either way.
    public var usesAVX2: Bool

    public init(field: Field, tableau: ButcherTableau, controller: StepSizeController) {
        precondition(tableau.isAdaptive, "LaneIntegrator needs an adaptive method (one with an error estimate)")
        self.field = field
        self.tableau = tableau
        self.controller = controller
        template = RungeKuttaStepper(field: field, tableau: tableau)
        n = field.dimension
        s = tableau.stageCount
        parameterCount = field.parameterCount
        let size = max(n, 1)
        stages = .allocate(capacity: s * size)
        stages.initialize(repeating: Lanes(), count: s * size)
        stageInputs = .allocate(capacity: s * size)
        stageInputs.initialize(repeating: Lanes(), count: s * size)
        y = .allocate(capacity: size)
        yNew = .allocate(capacity: size)
        yNew.initialize(repeating: Lanes(), count: size)
        err = .allocate(capacity: 2 * size)
        err.initialize(repeating: Lanes(), count: 2 * size)
        parameters = .allocate(capacity: max(parameterCount, 1))
        // Idle lanes compute on a harmless finite placeholder (distinct coordinates, unit parameters).
        y.initialize(repeating: Lanes(), count: size)
        parameters.initialize(repeating: Lanes(repeating: 1), count: max(parameterCount, 1))
        coefficients = .allocate(capacity: max(s, 1))
        coefficients.initialize(repeating: Lanes(), count: max(s, 1))
        rows = .allocate(capacity: max(s, 1))
        rows.initialize(repeating: UnsafePointer(stages), count: max(s, 1))
        usesAVX2 = orrery_lanes_have_avx2() != 0
        for lane in 0..<Lanes.scalarCount { clearLane(lane) }
    }

    deinit {
        stages.deallocate(); stageInputs.deallocate(); y.deallocate(); yNew.deallocate()
        err.deallocate(); parameters.deallocate(); coefficients.deallocate(); rows.deallocate()
    }

    @usableFromInline
    func clearLane(_ lane: Int) {
        for i in 0..<n { y[i][lane] = Double(i + 1); stages[i][lane] = 0 }
        for j in 0..<parameterCount { parameters[j][lane] = 1 }
    }

    /// Solves the jobs `next()` hands out (until it returns nil), four at a time, calling
    /// `done(id, result)` as each finishes (in completion order, on the calling thread).
    /// The result is what `solve` returns or throws for that job.
    @inlinable
    public func run(next: () -> Job?, done: (Int, Result<Solution, ODEError>) -> Void) {
        typealias Run = IntegrationRun<Field, NoRecording>
        let laneCount = Self.laneCount
        var runs = [Run?](repeating: nil, count: laneCount), ids = [Int](repeating: 0, count: laneCount)
        var trials = [AdaptiveTrial](repeating: AdaptiveTrial(h: 0, landing: false, target: 0), count: laneCount)
        var exhausted = false
        let mode = StepSizeMode.adaptive(controller)
        while true {
            for lane in 0..<laneCount where runs[lane] == nil && !exhausted {
                while let job = next() {
                    let options = SolveOptions(saveAt: job.saveAt, recordSteps: false)
                    do throws(ODEError) {
                        try validateSolveInput(field: field, t0: job.t0, t1: job.t1, y0: job.initialState,
                                               parameters: job.parameters, tableau: tableau, mode: mode, options: options)
                        let run = Run(field: field, tableau: tableau, t0: job.t0, t1: job.t1, y0: job.initialState,
                                      parameters: job.parameters, options: options, recorder: NoRecording())
                        try run.start()
                        if job.t0 == job.t1 { done(job.id, .success(run.solution)); continue }
                        run.beginAdaptive(controller)
                        for i in 0..<n { y[i][lane] = run.y[i]; stages[i][lane] = run.stepper.stage(0)[i] }
                        for j in 0..<parameterCount { parameters[j][lane] = run.parameters[j] }
                        runs[lane] = run
                        ids[lane] = job.id
                        break
                    } catch {
                        done(job.id, .failure(error))
                    }
                }
                if runs[lane] == nil { exhausted = true }
            }
            var t = Lanes(), h = Lanes(), active = 0
            for lane in 0..<laneCount {
                guard let run = runs[lane] else { continue }
                do throws(ODEError) {
                    trials[lane] = try run.prepareTrial(controller)
                    t[lane] = run.t
                    h[lane] = trials[lane].h
                    active += 1
                } catch {
                    done(ids[lane], .failure(error))
                    runs[lane] = nil
                    clearLane(lane)
                }
            }
            if active == 0 {
                if exhausted { return }
                continue
            }
            let out = trialStages(t: t, h: h)
            let raw = UnsafeRawPointer(err).assumingMemoryBound(to: Double.self)
            let yRaw = UnsafeRawPointer(y).assumingMemoryBound(to: Double.self)
            let outRaw = UnsafeRawPointer(out).assumingMemoryBound(to: Double.self)
            let stagesRaw = UnsafeRawPointer(stages).assumingMemoryBound(to: Double.self)
            var sums = Lanes(), sums2 = Lanes()
            if usesAVX2 {
                withUnsafeMutablePointer(to: &sums) { sp in
                    withUnsafeMutablePointer(to: &sums2) { sp2 in
                        orrery_lanes_error_sums_avx2(n, raw, template.hasSecondaryError ? raw + laneCount * n : nil, yRaw, outRaw,
                                                     controller.relativeTolerance, controller.absoluteTolerance,
                                                     UnsafeMutableRawPointer(sp).assumingMemoryBound(to: Double.self),
                                                     UnsafeMutableRawPointer(sp2).assumingMemoryBound(to: Double.self))
                    }
                }
            }
            for lane in 0..<laneCount {
                guard let run = runs[lane] else { continue }
                let trial = trials[lane], last = run.stepper.stage(s - 1)
                run.solution.stats.functionEvaluations += s - 1
                let norm = usesAVX2
                    ? RungeKuttaStepper<Field>.normFromSums(sums[lane], sums2[lane], secondary: template.hasSecondaryError, count: n)
                    : RungeKuttaStepper<Field>.scaledErrorNorm(
                        err: raw + lane, err2: template.hasSecondaryError ? raw + laneCount * n + lane : nil, stride: laneCount,
                        y: yRaw + lane, yNew: outRaw + lane, count: n,
                        rtol: controller.relativeTolerance, atol: controller.absoluteTolerance)
                if norm <= 1 {
                    // An accepted step's end state and (FSAL) last stage, which `finish` checks and carries over.
                    for i in 0..<n { run.yNew[i] = outRaw[i &* laneCount &+ lane]; last[i] = stagesRaw[((s - 1) * n + i) &* laneCount &+ lane] }
                }
                let tNew = trial.landing ? trial.target : run.t + trial.h
                if norm <= 1 && (run.storeDense || (run.saveIndex < run.saveAt.count
                                 && run.direction * (run.saveAt[run.saveIndex] - tNew) <= 0)) {
                    // The step's dense output is computed from its stages: hand them to the run.
                    let k = run.stepper.stages.baseAddress!
                    for r in 0..<(s * n) { k[r] = stagesRaw[r &* laneCount &+ lane] }
                }
                do throws(ODEError) {
                    if try run.concludeTrial(trial, error: norm, controller) {
                        let first = run.stepper.stage(0)
                        for i in 0..<n { y[i][lane] = run.y[i]; stages[i][lane] = first[i] }
                    }
                    if run.t == run.t1 {
                        done(ids[lane], .success(run.solution))
                        runs[lane] = nil
                        clearLane(lane)
                    }
                } catch {
                    done(ids[lane], .failure(error))
                    runs[lane] = nil
                    clearLane(lane)
                }
            }
        }
    }

    /// Stages `2…s` of one trial step in every lane from `y` and `k₁` (in `stages` row 0), then the
    /// error vectors into `err`; returns where `y⁺` is (the last stage input for FSAL methods).
    @inlinable
    func trialStages(t: Lanes, h: Lanes) -> UnsafeMutablePointer<Lanes> {
        let stepper = template
        for j in 1..<s {
            let start = stepper.rowStart[j]
            let yj = stageInputs + j * n
            combine(count: stepper.rowStart[j + 1] - start, columns: stepper.rowColumns + start,
                    values: stepper.rowValues + start, h: h, y: y, into: yj)
            field.evaluateLanes(t: t + Lanes(repeating: stepper.c[j]) * h, y: yj, parameters: parameters, into: stages + j * n)
        }
        var out = yNew
        if tableau.isFSAL {
            out = stageInputs + (s - 1) * n
        } else {
            combine(count: stepper.bCount, columns: stepper.bColumns, values: stepper.bValues, h: h, y: y, into: yNew)
        }
        combine(count: stepper.errorCount, columns: stepper.errorColumns, values: stepper.errorValues, h: h, y: nil, into: err)
        if stepper.hasSecondaryError {
            combine(count: stepper.errorCount, columns: stepper.errorColumns, values: stepper.errorValues2, h: h, y: nil,
                    into: err + n)
        }
        return out
    }

    /// `out = y + Σ_q (h·values[q]) k_q` lane by lane (just the sum when `y` is nil), with the
    /// stepper's operation order: each product `(h·a)·k` added to an accumulator starting at
    /// zero in term order, `y` added last. `columns` are byte offsets of the stage rows of one
    /// state, so the lane rows are `laneCount` times further.
    @inlinable @inline(__always)
    func combine(count m: Int, columns: UnsafeMutablePointer<Int>, values: UnsafeMutablePointer<Double>,
                 h: Lanes, y: UnsafePointer<Lanes>?, into out: UnsafeMutablePointer<Lanes>) {
        if usesAVX2 {
            withUnsafePointer(to: h) { hp in
                orrery_lanes_combine_avx2(n, m, columns, values, UnsafeRawPointer(hp).assumingMemoryBound(to: Double.self),
                                          UnsafeRawPointer(stages).assumingMemoryBound(to: Double.self),
                                          y.map { UnsafeRawPointer($0).assumingMemoryBound(to: Double.self) },
                                          UnsafeMutableRawPointer(out).assumingMemoryBound(to: Double.self))
            }
            return
        }
        let base = UnsafeRawPointer(stages)
        for q in 0..<m {
            coefficients[q] = h * Lanes(repeating: values[q])
            rows[q] = (base + columns[q] &* Lanes.scalarCount).assumingMemoryBound(to: Lanes.self)
        }
        var i = 0
        while n &- i >= 6 {
            var a0 = Lanes(), a1 = Lanes(), a2 = Lanes(), a3 = Lanes(), a4 = Lanes(), a5 = Lanes()
            for q in 0..<m {
                let c = coefficients[q], k = rows[q] + i
                a0 += c * k[0]; a1 += c * k[1]; a2 += c * k[2]; a3 += c * k[3]; a4 += c * k[4]; a5 += c * k[5]
            }
            if let y {
                out[i] = y[i] + a0; out[i &+ 1] = y[i &+ 1] + a1; out[i &+ 2] = y[i &+ 2] + a2
                out[i &+ 3] = y[i &+ 3] + a3; out[i &+ 4] = y[i &+ 4] + a4; out[i &+ 5] = y[i &+ 5] + a5
            } else {
                out[i] = a0; out[i &+ 1] = a1; out[i &+ 2] = a2; out[i &+ 3] = a3; out[i &+ 4] = a4; out[i &+ 5] = a5
            }
            i &+= 6
        }
        while i < n {
            var acc = Lanes()
            for q in 0..<m { acc += coefficients[q] * rows[q][i] }
            out[i] = y.map { $0[i] + acc } ?? acc
            i &+= 1
        }
    }
}
