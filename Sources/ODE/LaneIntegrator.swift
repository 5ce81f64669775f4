import LaneKernels

/// Many independent adaptive solves of one field, four or eight at a time, interleaved in SIMD lanes.
///
/// Each solve is exactly `solve(field, from: t0, to: t1, initialState: y0, parameters: p,
/// method: tableau, stepSize: .adaptive(controller), options: SolveOptions(saveAt: saveAt,
/// recordSteps: false, clock: clock))`: the same trial steps, the same arithmetic in the same order, so the
/// same ``Solution`` bit for bit (`LaneIntegratorTests`). Only the stage computations of a trial
/// step — `Yⱼ = y + h Σ aⱼₗ kₗ`, `kⱼ = f(t + cⱼh, Yⱼ)` and the error vectors — run for all lanes
/// at once, each lane with its own `t`, `h`, state and parameters; everything per trajectory
/// (step-size control, landing, dense output at the save times, failure checks) runs in that
/// trajectory's own `IntegrationRun`, the same code `solve` runs; the run's copy of the state is
/// brought up to date only where it reads it (``handOver(_:width:to:trial:yNew:maybeNonFinite:)``).
///
/// A solve is a chain of dependent stages, so one solve keeps a core waiting on latencies
/// (square root, division, store-to-load forwarding); interleaved independent solves fill those
/// waits, and one vector instruction does the arithmetic of 4 (AVX2) or 8 (AVX-512) of them
/// (``kernels``). A lane whose solve ends is refilled with the next job at once, so one long
/// trajectory never holds the others back (unlike lock-step batching).
///
/// Layout: component `i` of lane `l` at `[w·i + l]` with `w = kernels.width`.
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
        /// The clock component when the field runs in a fictitious time (``SolveOptions/clock``).
        public var clock: Int?
        public init(id: Int, t0: Double, t1: Double, initialState: [Double], parameters: [Double], saveAt: [Double],
                    clock: Int? = nil) {
            self.id = id; self.t0 = t0; self.t1 = t1; self.initialState = initialState
            self.parameters = parameters; self.saveAt = saveAt; self.clock = clock
        }
    }

    public let field: Field
    public let tableau: ButcherTableau
    public let controller: StepSizeController
    /// The most lanes any kernel set uses; buffers are sized for it.
    @usableFromInline static var maximumWidth: Int { 8 }
    /// Coefficients in sparse form (``RungeKuttaStepper``'s rows, byte offsets for one state).
    @usableFromInline let template: RungeKuttaStepper<Field>
    @usableFromInline let n: Int
    @usableFromInline let s: Int
    @usableFromInline let parameterCount: Int
    /// `kⱼ` and `Yⱼ` of the method's stages (`s × n` components × lanes); state, `y⁺` (non-FSAL),
    /// error vectors, parameters. Allocated as `Lanes` (two per component for eight lanes), read
    /// and written as `Double`s with stride ``kernels``' width.
    @usableFromInline let stages: UnsafeMutablePointer<Double>
    @usableFromInline let stageInputs: UnsafeMutablePointer<Double>
    @usableFromInline let y: UnsafeMutablePointer<Double>
    @usableFromInline let yNew: UnsafeMutablePointer<Double>
    @usableFromInline let err: UnsafeMutablePointer<Double>
    @usableFromInline let parameters: UnsafeMutablePointer<Double>
    /// Per lane: `t`, `h`, the stage time `t + cⱼh`, the two error sums, the error norm and the
    /// controller's power of it (8 doubles each).
    @usableFromInline let scalars: UnsafeMutablePointer<Double>
    /// Per-term scratch of one Swift combination: `h·aⱼₗ` for each lane and the stage row.
    @usableFromInline let coefficients: UnsafeMutablePointer<Lanes>
    @usableFromInline let rows: UnsafeMutablePointer<UnsafePointer<Lanes>>
    /// The owning allocations (as `Lanes`) behind the `Double` views above.
    let owned: [UnsafeMutablePointer<Lanes>]
    /// The kernels of the stage combinations and error sums (and the field's lane evaluation):
    /// by default ``LaneIntegratorKernels/best`` for this CPU. Every choice gives the same results.
    public var kernels: LaneIntegratorKernels {
        didSet { precondition(kernels.isAvailable, "LaneIntegrator.kernels: \(kernels) needs a CPU that has it (see isAvailable)") }
    }

    public init(field: Field, tableau: ButcherTableau, controller: StepSizeController) {
        precondition(tableau.isAdaptive, "LaneIntegrator needs an adaptive method (one with an error estimate)")
        self.field = field
        self.tableau = tableau
        self.controller = controller
        template = RungeKuttaStepper(field: field, tableau: tableau)
        n = field.dimension
        s = tableau.stageCount
        parameterCount = field.parameterCount
        let size = max(n, 1), lanesPerComponent = Self.maximumWidth / Lanes.scalarCount
        var owned: [UnsafeMutablePointer<Lanes>] = []
        func buffer(_ components: Int, _ value: Lanes = Lanes()) -> UnsafeMutablePointer<Double> {
            // On a cache line: one component of eight lanes is one 64-byte line, so no AVX-512 load
            // or store splits two (`Lanes` alone would give 32 bytes: measured 13 % slower steps
            // where the buffers fell on the other half, `Benchmarks/results/generation.md`).
            let count = components * lanesPerComponent
            let p = UnsafeMutableRawPointer.allocate(byteCount: count * MemoryLayout<Lanes>.stride, alignment: 64)
                .bindMemory(to: Lanes.self, capacity: count)
            p.initialize(repeating: value, count: count)
            owned.append(p)
            return UnsafeMutableRawPointer(p).assumingMemoryBound(to: Double.self)
        }
        stages = buffer(s * size)
        stageInputs = buffer(s * size)
        y = buffer(size)
        yNew = buffer(size)
        err = buffer(2 * size)
        // Idle lanes compute on a harmless finite placeholder (distinct coordinates, unit parameters).
        parameters = buffer(max(parameterCount, 1), Lanes(repeating: 1))
        scalars = buffer(7)
        coefficients = .allocate(capacity: max(s, 1))
        coefficients.initialize(repeating: Lanes(), count: max(s, 1))
        rows = .allocate(capacity: max(s, 1))
        rows.initialize(repeating: UnsafePointer(owned[0]), count: max(s, 1))
        self.owned = owned
        kernels = .best
    }

    deinit {
        for p in owned { UnsafeMutableRawPointer(p).deallocate() }
        coefficients.deallocate(); rows.deallocate()
    }

    /// Puts the idle placeholder into `lane` (of `w` lanes).
    @inlinable
    func clearLane(_ lane: Int, width w: Int) {
        for i in 0..<n { y[i &* w &+ lane] = Double(i + 1); stages[i &* w &+ lane] = 0 }
        for j in 0..<parameterCount { parameters[j &* w &+ lane] = 1 }
    }

    /// Solves the jobs `next()` hands out (until it returns nil), ``kernels``' width at a time,
    /// calling `done(id, result)` as each finishes (in completion order, on the calling thread).
    /// The result is what `solve` returns or throws for that job.
    ///
    /// `pausesWhen`, if given, is asked before a free lane takes a job while another lane holds a
    /// solve, with the evaluations the longest solve in the lanes still needs (estimated from its
    /// latest progress, `LaneProgress`; 0 while unknown). If it answers true, no further job is
    /// taken (so a call that pauses has finished at least one solve): the solves in the lanes are
    /// finished (a lone long one by the scalar stepper, at a fraction of a wide step's cost) and
    /// `run` returns true — jobs `next()` has not handed out remain for another call or another
    /// thread. (A thread holding a solve that will outlast the jobs left lets the other threads
    /// take them, ``DatasetGenerator``.) Returns false once `next()` has returned nil.
    @inlinable @discardableResult
    public func run(next: () -> Job?, done: (Int, Result<Solution, ODEError>) -> Void,
                    pausesWhen: ((_ longestRemainingEvaluations: Double) -> Bool)? = nil) -> Bool {
        typealias Run = IntegrationRun<Field, NoRecording>
        let w = kernels.width
        let t = scalars, h = scalars + 8, sums = scalars + 24, sums2 = scalars + 32, norms = scalars + 40, powers = scalars + 48
        let q = tableau.controllerOrder
        for lane in 0..<w { clearLane(lane, width: w) }
        // `runs` owns each lane's run; `live` reaches it without reference counting (a retain and a
        // release per lane and loop were ≈ 6 % of a generation run): a lane's handle is used only
        // while `runs` holds its run, and `runs[lane]` is cleared only outside the handle's closures.
        var runs = [Run?](repeating: nil, count: w), ids = [Int](repeating: 0, count: w)
        var live = [Unmanaged<Run>?](repeating: nil, count: w)
        var trials = [AdaptiveTrial](repeating: AdaptiveTrial(h: 0, landing: false, target: 0), count: w)
        var exhausted = false, paused = false
        var progress = LaneProgress(width: w)
        let mode = StepSizeMode.adaptive(controller)
        while true {
            var asked = false
            for lane in 0..<w where runs[lane] == nil && !exhausted {
                if let pausesWhen, !asked {
                    asked = true
                    if runs.contains(where: { $0 != nil }), pausesWhen(progress.longestRemaining(live)) {
                        exhausted = true; paused = true; break
                    }
                }
                while let job = next() {
                    let options = SolveOptions(saveAt: job.saveAt, recordSteps: false, clock: job.clock)
                    do throws(ODEError) {
                        try validateSolveInput(field: field, t0: job.t0, t1: job.t1, y0: job.initialState,
                                               parameters: job.parameters, tableau: tableau, mode: mode, options: options)
                        let run = Run(field: field, tableau: tableau, t0: job.t0, t1: job.t1, y0: job.initialState,
                                      parameters: job.parameters, options: options, recorder: NoRecording())
                        try run.start()
                        if job.t0 == job.t1 || run.isFinished { done(job.id, .success(run.solution)); continue }
                        run.beginAdaptive(controller)
                        let first = run.stepper.stage(0)
                        for i in 0..<n { y[i &* w &+ lane] = run.y[i]; stages[i &* w &+ lane] = first[i] }
                        for j in 0..<parameterCount { parameters[j &* w &+ lane] = run.parameters[j] }
                        runs[lane] = run
                        live[lane] = Unmanaged.passUnretained(run)
                        if pausesWhen != nil { progress.start(lane, run) }
                        ids[lane] = job.id
                        break
                    } catch {
                        done(job.id, .failure(error))
                    }
                }
                if runs[lane] == nil { exhausted = true }
            }
            var active = 0
            for lane in 0..<w {
                t[lane] = 0; h[lane] = 0
                guard let handle = live[lane] else { continue }
                let prepared: Result<AdaptiveTrial, ODEError> = handle._withUnsafeGuaranteedRef { run in
                    do throws(ODEError) {
                        let trial = try run.prepareTrial(controller)
                        t[lane] = run.t
                        h[lane] = trial.h
                        return .success(trial)
                    } catch {
                        return .failure(error)
                    }
                }
                switch prepared {
                case .success(let trial):
                    trials[lane] = trial
                    active += 1
                case .failure(let error):
                    done(ids[lane], .failure(error))
                    runs[lane] = nil; live[lane] = nil
                    clearLane(lane, width: w)
                }
            }
            if active == 0 {
                if exhausted { return paused }
                continue
            }
            if finishesAlone(exhausted: exhausted, active: active, width: w) {
                for lane in 0..<w {
                    guard let run = runs[lane] else { continue }
                    if run.stateInLanes { takeBack(lane, width: w, into: run) }
                    finishAlone(run, trial: trials[lane], id: ids[lane], done: done)
                    runs[lane] = nil; live[lane] = nil
                    clearLane(lane, width: w)
                }
                return paused
            }
            let out = trialStages(width: w)
            let secondary = template.hasSecondaryError
            errorSums(width: w, yNew: out, into: sums, sums2)
            // Every lane's error norm and controller power first: the `pow` calls then overlap.
            for lane in 0..<w where live[lane] != nil {
                let norm = kernels == .swift
                    ? RungeKuttaStepper<Field>.scaledErrorNorm(
                        err: err + lane, err2: secondary ? err + w * n + lane : nil, stride: w,
                        y: y + lane, yNew: out + lane, count: n,
                        rtol: controller.relativeTolerance, atol: controller.absoluteTolerance)
                    : RungeKuttaStepper<Field>.normFromSums(sums[lane], sums2[lane], secondary: secondary, count: n)
                norms[lane] = norm
                powers[lane] = norm.isFinite && norm != 0 ? StepSizeController.power(error: norm, estimatorOrder: q) : .nan
            }
            let suspect = tableau.isFSAL ? maybeNonFinite(width: w, out, stages + (s - 1) * n * w) : ~0
            // Lanes whose step was accepted and whose solve goes on (FSAL methods: their new state and
            // first stage are already in the lane buffers, see `advanceLanes`).
            var advanced = 0
            for lane in 0..<w {
                guard let handle = live[lane] else { continue }
                let trial = trials[lane], id = ids[lane], norm = norms[lane], power = powers[lane]
                let ended = handle._withUnsafeGuaranteedRef { run -> Bool in
                    run.solution.stats.functionEvaluations += s - 1
                    if norm <= 1 { handOver(lane, width: w, to: run, trial: trial, yNew: out, maybeNonFinite: suspect) }
                    do throws(ODEError) {
                        if try run.concludeTrial(trial, error: norm, controller, power: power) {
                            if tableau.isFSAL {
                                advanced |= 1 &<< lane
                            } else {
                                let first = run.stepper.stage(0)
                                for i in 0..<n { y[i &* w &+ lane] = run.y[i]; stages[i &* w &+ lane] = first[i] }
                            }
                        }
                        guard run.isFinished else { return false }
                        advanced &= ~(1 &<< lane)
                        done(id, .success(run.solution))
                    } catch {
                        done(id, .failure(error))
                    }
                    return true
                }
                if ended {
                    runs[lane] = nil; live[lane] = nil
                    clearLane(lane, width: w)
                }
            }
            if advanced != 0 { advanceLanes(advanced, width: w, yNew: out) }
        }
    }

    /// Moves the lanes in `mask` (bit `l`: lane `l`) to the end of their accepted step, for an FSAL
    /// method: `y ← y⁺` (`out`, the last stage input) and `k₁ ← k_s` (the last stage) — what each
    /// run's `advance` just did to its own copy, so the same values, without reading them back from
    /// the run lane by lane. With every lane in the mask (most steps), two contiguous copies.
    @inlinable
    func advanceLanes(_ mask: Int, width w: Int, yNew out: UnsafeMutablePointer<Double>) {
        let lastRow = stages + (s - 1) * n * w
        if mask == (1 &<< w) - 1 {
            y.update(from: out, count: n * w)
            stages.update(from: lastRow, count: n * w)
            return
        }
        for lane in 0..<w where mask & (1 &<< lane) != 0 {
            for i in 0..<n { y[i &* w &+ lane] = out[i &* w &+ lane]; stages[i &* w &+ lane] = lastRow[i &* w &+ lane] }
        }
    }
}
