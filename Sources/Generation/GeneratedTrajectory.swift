import Physics
/// One simulated trajectory, before it is stacked into a dataset.
public struct GeneratedTrajectory: Sendable {
    /// Index of the trajectory in the (unsharded) dataset.
    public let id: Int
    public let times: [Double]
    /// Row-major (N, D).
    public let trueStates: [Double]
    public let observedStates: [Double]
    public let mask: [UInt8]
    public let initialState: [Double]
    /// Per-trajectory parameters by name, e.g. "masses" → 3 values.
    public let parameters: [String: [Double]]
    /// Work done by the solver.
    public let functionEvaluations: Int
    public let acceptedSteps: Int
}

/// A trajectory whose simulation failed, with the solver's account of why.
public struct GenerationFailure: Error, Sendable, CustomStringConvertible {
    public let id: Int
    public let reason: String
    public var description: String { "trajectory \(id): \(reason)" }
}
