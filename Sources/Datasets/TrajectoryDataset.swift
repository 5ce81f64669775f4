import HDF5Kit

/// A batch of observed trajectories: Orrery's dataset, schema v1 on disk.
///
/// `B` trajectories, each sampled at `N` strictly increasing times (which may
/// differ per trajectory), of a `D`-dimensional state. Missing observations are
/// marked by `mask == 0` and hold NaN in `states`. The layout is documented in
/// `datasets/README.md`.
public struct TrajectoryDataset: Sendable {
    /// Sample times, shape (B, N).
    public var times: NDArray<Double>
    /// Observed states (noise included), shape (B, N, D); NaN where unobserved.
    public var states: NDArray<Double>
    /// Noise-free states, shape (B, N, D), when known.
    public var trueStates: NDArray<Double>?
    /// 1 where observed, 0 where missing, shape (B, N, D); nil when all are observed.
    public var mask: NDArray<UInt8>?
    /// Initial state of each trajectory, shape (B, D), at time `initialTimes[b]`.
    public var initialStates: NDArray<Double>
    /// The time of each initial state (0 for generated data; the first sample time for imported data).
    public var initialTimes: [Double]
    /// Physical parameters per trajectory, e.g. "masses" with shape (B, 3).
    public var parameters: [String: NDArray<Double>]
    /// What made the data: system, labels, generator settings, command, seed.
    public var metadata: DatasetMetadata
    /// Index of each trajectory in the unsharded dataset, length B.
    public var trajectoryIDs: [Int64]

    public init(times: NDArray<Double>, states: NDArray<Double>, trueStates: NDArray<Double>? = nil,
                mask: NDArray<UInt8>? = nil, initialStates: NDArray<Double>,
                parameters: [String: NDArray<Double>] = [:], metadata: DatasetMetadata, trajectoryIDs: [Int64]? = nil,
                initialTimes: [Double]? = nil) {
        self.initialTimes = initialTimes ?? [Double](repeating: 0, count: times.shape.first ?? 0)
        self.trajectoryIDs = trajectoryIDs ?? (0..<Int64(times.shape.first ?? 0)).map { $0 }
        self.times = times
        self.states = states
        self.trueStates = trueStates
        self.mask = mask
        self.initialStates = initialStates
        self.parameters = parameters
        self.metadata = metadata
    }

    /// Number of trajectories (B).
    public var trajectoryCount: Int { times.shape.first ?? 0 }
    /// Samples per trajectory (N).
    public var sampleCount: Int { times.shape.count > 1 ? times.shape[1] : 0 }
    /// State dimension (D).
    public var stateDimension: Int { states.shape.count > 2 ? states.shape[2] : 0 }

    /// Whether entry (b, n, d) was observed.
    public func isObserved(_ b: Int, _ n: Int, _ d: Int) -> Bool {
        guard let mask else { return true }
        return mask.values[(b * sampleCount + n) * stateDimension + d] != 0
    }
}
