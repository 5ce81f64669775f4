/// Integrates `dy/dt = f(t, y; p)` from `t0` to `t1` (either direction) with an explicit
/// Runge–Kutta method, fixed or adaptive steps.
///
/// - Returns: every accepted step as a checkpoint, optional dense output, `saveAt` states
///   and statistics.
/// - Throws: `ODEError.invalidInput` for a malformed request (non-finite or wrongly sized
///   `y0`/`parameters`, unsorted or out-of-span times, bad tolerances or `dt`, a fixed-step
///   method asked to adapt) and `ODEError.integrationFailed` with diagnostics when the
///   integration stops early (step-size underflow, `maxSteps`, non-finite state).
///
/// With adaptive steps a trial step that produces NaN/∞ counts as rejected and the step
/// shrinks (by `minFactor`); a non-finite derivative at an accepted state, or any non-finite
/// state with fixed steps, fails with `.nonFiniteState`.
@inlinable
public func solve<Field: VectorField>(
    _ field: Field,
    from t0: Double, to t1: Double,
    initialState y0: [Double],
    parameters: [Double] = [],
    method tableau: ButcherTableau,
    stepSize mode: StepSizeMode,
    options: SolveOptions = SolveOptions()
) throws(ODEError) -> Solution {
    try validateSolveInput(field: field, t0: t0, t1: t1, y0: y0, parameters: parameters,
                           tableau: tableau, mode: mode, options: options)
    let run = IntegrationRun(field: field, tableau: tableau, t0: t0, t1: t1, y0: y0,
                             parameters: parameters, options: options, recorder: NoRecording())
    try run.start()
    if t0 != t1 {
        switch mode {
        case .fixed(let dt): try run.runFixed(dt: dt)
        case .adaptive(let controller): try run.runAdaptive(controller)
        }
    }
    return run.solution
}

/// `solve`'s adaptive loop with a recorder that sees the starting step and every trial
/// (the naive gradient's tape). The input is assumed valid (the caller validated it).
/// With `densifyAtStepEnd: false` a `saveAt` time at a step's end copies `y⁺` without
/// computing the step's dense output; the states saved are the same.
@inlinable
package func integrate<Field: VectorField, Recorder: IntegrationRecorder>(
    _ field: Field, from t0: Double, to t1: Double, initialState y0: [Double], parameters: [Double],
    method tableau: ButcherTableau, controller: StepSizeController, options: SolveOptions,
    recorder: Recorder, densifyAtStepEnd: Bool
) throws(ODEError) -> (solution: Solution, recorder: Recorder) {
    let run = IntegrationRun(field: field, tableau: tableau, t0: t0, t1: t1, y0: y0, parameters: parameters,
                             options: options, recorder: recorder, densifyAtStepEnd: densifyAtStepEnd)
    try run.start()
    if t0 != t1 { try run.runAdaptive(controller) }
    return (run.solution, run.recorder)
}

@usableFromInline
func validateSolveInput<Field: VectorField>(
    field: Field, t0: Double, t1: Double, y0: [Double], parameters: [Double],
    tableau: ButcherTableau, mode: StepSizeMode, options: SolveOptions
) throws(ODEError) {
    guard t0.isFinite else { throw .invalidInput(.nonFiniteTime(name: "t0", value: t0)) }
    guard t1.isFinite else { throw .invalidInput(.nonFiniteTime(name: "t1", value: t1)) }
    guard y0.count == field.dimension else {
        throw .invalidInput(.dimensionMismatch(name: "y0", expected: field.dimension, actual: y0.count))
    }
    guard parameters.count == field.parameterCount else {
        throw .invalidInput(.dimensionMismatch(name: "parameters", expected: field.parameterCount, actual: parameters.count))
    }
    if let bad = y0.firstIndex(where: { !$0.isFinite }) { throw .invalidInput(.nonFiniteInitialState(index: bad)) }
    if let bad = parameters.firstIndex(where: { !$0.isFinite }) {
        throw .invalidInput(.invalidSetting(name: "parameters[\(bad)]", value: parameters[bad], requirement: "finite"))
    }
    try validateTimes(options.stopTimes, name: "stopTimes", t0: t0, t1: t1)
    if let clock = options.clock {
        guard clock >= 0, clock < field.dimension else {
            throw .invalidInput(.invalidSetting(name: "clock", value: Double(clock), requirement: "a state component, 0 ..< \(field.dimension)"))
        }
        guard case .adaptive = mode, t1 > t0 else {
            throw .invalidInput(.invalidSetting(name: "clock", value: Double(clock), requirement: "adaptive steps forward in s (t1 > t0)"))
        }
        try validateTimes(options.saveAt, name: "saveAt", t0: y0[clock], t1: .greatestFiniteMagnitude)
    } else {
        try validateTimes(options.saveAt, name: "saveAt", t0: t0, t1: t1)
    }
    switch mode {
    case .fixed(let dt):
        guard dt > 0, dt.isFinite else {
            throw .invalidInput(.invalidSetting(name: "dt", value: dt, requirement: "finite and > 0"))
        }
        guard abs(t1 - t0) / dt <= 1e9 else {
            throw .invalidInput(.invalidSetting(name: "dt", value: dt, requirement: "at least |t1 − t0| / 1e9"))
        }
    case .adaptive(let controller):
        guard tableau.isAdaptive else { throw .invalidInput(.methodHasNoErrorEstimate(method: tableau.name)) }
        try controller.validate()
        // The error scale atol + rtol·|y| of a component that is exactly 0 is 0 when atol = 0: the
        // starting-step rule divides 0 by 0 and the solve would spin on NaN steps until maxSteps.
        if controller.absoluteTolerance == 0, controller.initialStep == nil, let zero = y0.firstIndex(of: 0) {
            throw .invalidInput(.invalidSetting(
                name: "atol", value: 0,
                requirement: "> 0 here: y0[\(zero)] is 0, and atol + rtol·|y| gives it no error scale"))
        }
    }
}

/// `h` with `t + h == target` exactly in floating point (when representable), so a step
/// lands on an observation time and `times[i + 1] == times[i] + stepSizes[i]` holds.
@inlinable
func landingStep(from t: Double, to target: Double) -> Double {
    // `target − t` is exact whenever t and target are within a factor of 2 (Sterbenz);
    // otherwise |h| is comparable to |t| and a few ulp nudges suffice.
    var h = target - t
    for _ in 0..<8 {
        let reached = t + h
        if reached == target { return h }
        h = reached < target ? h.nextUp : h.nextDown
    }
    return target - t
}

/// The trial step `solve` attempts from `t`: the proposed `h`, unless that step (with 1 % slack)
/// would reach or pass `target` (the next stop time, or `t1`), in which case the step that lands
/// exactly on `target`. `stopIndex` is first advanced past the stop times already reached.
@inlinable
func trialStep(from t: Double, proposed h: Double, t1: Double, direction: Double,
                      stopTimes: [Double], stopIndex: inout Int) -> (h: Double, landing: Bool, target: Double) {
    while stopIndex < stopTimes.count && direction * (stopTimes[stopIndex] - t) <= 0 { stopIndex += 1 }
    let target = stopIndex < stopTimes.count ? stopTimes[stopIndex] : t1
    if direction * (t + 1.01 * h - target) >= 0 { return (landingStep(from: t, to: target), true, target) }
    return (h, false, target)
}

