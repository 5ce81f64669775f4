/// Work counters of one solve.
public struct SolverStatistics: Sendable, Hashable {
    /// Calls of `f`, including the starting-step estimate and dense-output extra stages.
    public var functionEvaluations = 0
    public var acceptedSteps = 0
    public var rejectedSteps = 0
    /// The first step size tried (Hairer's rule or `initialStep`).
    public var initialStepSize = 0.0

    public init() {}
}
