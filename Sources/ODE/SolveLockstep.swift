/// One trajectory of a lockstep solve: its span, initial state and solve options (stop times,
/// `saveAt`, recorded steps), as ``solve(_:from:to:initialState:parameters:method:stepSize:options:)`` takes them.
public struct LockstepJob: Sendable, Hashable {
    public var t0: Double
    public var t1: Double
    public var initialState: [Double]
    public var options: SolveOptions
    public init(t0: Double, t1: Double, initialState: [Double], options: SolveOptions) {
        self.t0 = t0; self.t1 = t1; self.initialState = initialState; self.options = options
    }
}

/// Adaptive solves of one ``BatchVectorField`` for several trajectories with their own spans, times and
/// step sizes, advanced together (issue 13 (b)): every trial step of every unfinished lane is formed in
/// that lane's own ``IntegrationRun`` (its step-size control, landing on stop times, dense output and
/// `saveAt`, failure checks — the code `solve` runs), while each Runge–Kutta stage is one batched
/// evaluation over the active lanes, each lane at its own stage time `t + cⱼh`. A neural field so runs
/// as matrix–matrix products although no two lanes share a step. Lanes that finished (or failed) drop
/// out of the batch; the others go on.
///
/// Result `b` is `solve(field, from: jobs[b].t0, to: jobs[b].t1, initialState: jobs[b].initialState,
/// parameters: parameters, method: tableau, stepSize: .adaptive(controller), options: jobs[b].options)`:
/// the same trial steps bit for bit when the batched evaluation equals the single-state one (the looping
/// defaults), and to rounding otherwise (a batched kernel's summation order; an accept/reject decision
/// within rounding of the tolerance could then differ). Compare torchdiffeq/diffrax batches, which share
/// one step-size sequence over all lanes (``StackedVectorField``).
@inlinable
public func solveLockstep<Field: BatchVectorField>(
    _ field: Field, jobs: [LockstepJob], parameters: [Double], method tableau: ButcherTableau, controller: StepSizeController
) -> [Result<Solution, ODEError>] {
    typealias Run = IntegrationRun<Field, NoRecording>
    let lanes = jobs.count, s = tableau.stageCount
    var results = [Result<Solution, ODEError>?](repeating: nil, count: lanes)
    var runs = [Run?](repeating: nil, count: lanes)
    var steppers: [RungeKuttaStepper<Field>] = []
    var y: [UnsafePointer<Double>] = []
    let mode = StepSizeMode.adaptive(controller)
    for (b, job) in jobs.enumerated() {
        let run = Run(field: field, tableau: tableau, t0: job.t0, t1: job.t1, y0: job.initialState.count == field.dimension
                      ? job.initialState : [Double](repeating: 0, count: field.dimension),
                      parameters: parameters.count == field.parameterCount ? parameters : [Double](repeating: 0, count: field.parameterCount),
                      options: job.options, recorder: NoRecording())
        steppers.append(run.stepper)
        y.append(UnsafePointer(run.y))
        do throws(ODEError) {
            try validateSolveInput(field: field, t0: job.t0, t1: job.t1, y0: job.initialState, parameters: parameters,
                                   tableau: tableau, mode: mode, options: job.options)
            try run.start()
            if job.t0 == job.t1 { results[b] = .success(run.solution); continue }
            run.beginAdaptive(controller)
            runs[b] = run
        } catch {
            results[b] = .failure(error)
        }
    }
    let stages = LockstepStages(field: field, capacity: lanes)
    var active: [Int] = [], trials = [AdaptiveTrial](repeating: AdaptiveTrial(h: 0, landing: false, target: 0), count: lanes)
    var t = [Double](repeating: 0, count: lanes), h = [Double](repeating: 0, count: lanes)
    active.reserveCapacity(lanes)
    parameters.withUnsafeBufferPointer { p in
        while true {
            active.removeAll(keepingCapacity: true)
            for b in 0..<lanes {
                guard let run = runs[b] else { continue }
                do throws(ODEError) {
                    trials[b] = try run.prepareTrial(controller)
                    t[b] = run.t
                    h[b] = trials[b].h
                    run.stepper.formStageInput(0, h: h[b], y: run.y)
                    active.append(b)
                } catch {
                    results[b] = .failure(error)
                    runs[b] = nil
                }
            }
            if active.isEmpty { break }
            for j in 1..<max(s, 1) {
                stages.evaluate(stage: j, lanes: active, steppers: steppers, t: t, h: h, y: y, parameters: p)
            }
            for b in active {
                let run = runs[b]!, trial = trials[b]
                run.stepper.formEndState(h: trial.h, y: run.y, into: run.yNew)
                run.solution.stats.functionEvaluations += s - 1
                let err = run.stepper.errorNorm(h: trial.h, y: run.y, yNew: run.yNew, rtol: controller.relativeTolerance,
                                                atol: controller.absoluteTolerance)
                do throws(ODEError) {
                    try run.concludeTrial(trial, error: err, controller)
                    if run.t == run.t1 {
                        results[b] = .success(run.solution)
                        runs[b] = nil
                    }
                } catch {
                    results[b] = .failure(error)
                    runs[b] = nil
                }
            }
        }
    }
    return results.map { $0! }
}
