/// The result of `solve`: every accepted step as a checkpoint `(tᵢ, hᵢ, yᵢ)`, the
/// stages needed for dense output (when kept), the `saveAt` states and the work done.
///
/// Invariant: `times[i + 1] == times[i] + stepSizes[i]` exactly in floating point, so
/// replaying step `i` with a `RungeKuttaStepper` from `(times[i], stepSizes[i], state(i))`
/// reproduces the forward pass bit for bit.
public struct Solution: Sendable {
    public let tableau: ButcherTableau
    public let dimension: Int
    /// `t₀, t₁, …, t_N`: the start and every accepted step's end (monotone in the direction of integration).
    public var times: [Double] = []
    /// Row-major `(N + 1) × dimension`: `yᵢ` at `times[i]`.
    public var states: [Double] = []
    /// `hᵢ` used for step `i` (from `times[i]` to `times[i + 1]`), length `N`; negative backward.
    public var stepSizes: [Double] = []
    /// Row-major `N × storedStageCount × dimension` when `storeDenseOutput` was set, else empty.
    public var denseStages: [Double] = []
    /// `options.saveAt`, and the states there (row-major `count × dimension`).
    public var savedTimes: [Double] = []
    public var savedStates: [Double] = []
    public var stats = SolverStatistics()

    public init(tableau: ButcherTableau, dimension: Int) {
        self.tableau = tableau
        self.dimension = dimension
    }

    /// Number of accepted steps `N`.
    @inlinable public var stepCount: Int { stepSizes.count }
    /// Stage vectors stored per step for dense output.
    @inlinable public var storedStageCount: Int { tableau.denseOutput.storedStageCount(methodStages: tableau.stageCount) }
    /// Whether `evaluate(at:)` can be used.
    @inlinable public var hasDenseOutput: Bool { !denseStages.isEmpty || times.count <= 1 }

    /// `yᵢ` at `times[i]`.
    public func state(_ i: Int) -> ArraySlice<Double> {
        states[(i * dimension)..<((i + 1) * dimension)]
    }

    /// The state at the end of the solve.
    public var finalState: ArraySlice<Double> { state(times.count - 1) }

    /// The state at `saveAt[i]`.
    public func savedState(_ i: Int) -> ArraySlice<Double> {
        savedStates[(i * dimension)..<((i + 1) * dimension)]
    }
}
