/// What a solve records besides its accepted steps.
public struct SolveOptions: Sendable, Hashable {
    /// Times the steps must land on exactly (observation times), sorted in the
    /// direction of integration and inside `[t0, t1]`. Each becomes an entry of `times`.
    public var stopTimes: [Double] = []
    /// Times at which to report the solution through the method's dense output,
    /// sorted in the direction of integration and inside `[t0, t1]`; results in
    /// `Solution.savedStates`. Only steps that contain one pay for extra stages.
    public var saveAt: [Double] = []
    /// Keep every step's stages so that `Solution.evaluate(at:)` works afterwards
    /// (`storedStageCount × dimension` doubles per step; DOP853 pays 3 extra evaluations per step).
    public var storeDenseOutput = false
    /// Keep every accepted step as a checkpoint in `Solution.times`, `stepSizes` and `states`
    /// (what ACA's backward pass and `evaluate(at:)` need). With `false` only `saveAt` states
    /// and statistics are recorded: `times` and `states` hold just the start and the end
    /// (`stepSizes` stays empty), so a long solve allocates nothing per step — the lean path
    /// for dataset generation, which reads only `savedStates`.
    public var recordSteps = true
    /// A state component that is a physical clock, for a field written in a fictitious time `s`
    /// (a Sundman-type transformation `dt/ds = g(y) > 0`, the clock's derivative being `g`):
    /// `saveAt` then holds values of that component, not of the independent variable, each
    /// saved state is the dense output at the `s` where the clock's interpolant equals it
    /// (regula falsi, Illinois variant), and the solve ends as soon as the last one is saved —
    /// `t1` is only a bound on `s` (reaching it first is an error). Adaptive steps only.
    public var clock: Int? = nil

    public init(stopTimes: [Double] = [], saveAt: [Double] = [], storeDenseOutput: Bool = false, recordSteps: Bool = true,
                clock: Int? = nil) {
        self.stopTimes = stopTimes
        self.saveAt = saveAt
        self.storeDenseOutput = storeDenseOutput
        self.recordSteps = recordSteps
        self.clock = clock
    }
}
