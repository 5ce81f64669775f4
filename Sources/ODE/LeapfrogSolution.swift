/// The result of ``solveLeapfrog(_:from:to:initialState:initialVelocity:parameters:eta:stepSize:options:)``:
/// the step schedule, the states (when recorded), the final augmented state `(z, v)`,
/// the `saveAt` states and the work done.
///
/// Unlike `Solution`, the schedule `(tᵢ, hᵢ)` is always kept (two scalars per step): it is all
/// that MALI's backward pass stores, since ALF steps are inverted exactly. The invariant
/// `times[i + 1] == times[i] + stepSizes[i]` holds as for `solve` (steps land exactly on stop times).
public struct LeapfrogSolution: Sendable {
    public let dimension: Int
    /// The damping coefficient the solve used.
    public let eta: Double
    /// `t₀, t₁, …, t_N`: the start and every accepted step's end.
    public var times: [Double] = []
    /// `hᵢ` of step `i`, length `N`; negative backward.
    public var stepSizes: [Double] = []
    /// Row-major `(N + 1) × dimension` states `zᵢ` and velocities `vᵢ` when `options.recordSteps`
    /// (or `storeDenseOutput`) was set; otherwise only the start and the end (2 rows).
    public var states: [Double] = []
    public var velocities: [Double] = []
    /// `options.saveAt`, and `z` there (row-major `count × dimension`): the step end when a time
    /// is one, else the cubic Hermite interpolant through `(zᵢ, vᵢ)` and `(zᵢ₊₁, vᵢ₊₁)`.
    public var savedTimes: [Double] = []
    public var savedStates: [Double] = []
    public var stats = SolverStatistics()

    public init(dimension: Int, eta: Double) {
        self.dimension = dimension
        self.eta = eta
    }

    /// Number of accepted steps `N`.
    @inlinable public var stepCount: Int { stepSizes.count }
    /// `z` at the end of the solve.
    public var finalState: ArraySlice<Double> { states[(states.count - dimension)...] }
    /// `v` at the end of the solve (MALI's backward pass starts from `(z_N, v_N)`).
    public var finalVelocity: ArraySlice<Double> { velocities[(velocities.count - dimension)...] }
    /// The saved state at `saveAt[i]`.
    public func savedState(_ i: Int) -> ArraySlice<Double> {
        savedStates[(i * dimension)..<((i + 1) * dimension)]
    }
}
