import Datasets

/// What `orrery generate` reports after writing a dataset (encoded as JSON with `--json`): the
/// file, the ids of this shard, the trajectories skipped, and the cost.
public struct GenerationSummary: Encodable, Sendable {
    public let dataset: DatasetSummary
    /// `[first, end)` of the ids generated.
    public let ids: [Int]
    public let skipped: [Int]
    public let seconds: Double
    public let trajectoriesPerSecond: Double
    public let functionEvaluations: Int

    public init(dataset: DatasetSummary, ids: [Int], skipped: [Int], seconds: Double, trajectoriesPerSecond: Double, functionEvaluations: Int) {
        self.dataset = dataset
        self.ids = ids
        self.skipped = skipped
        self.seconds = seconds
        self.trajectoriesPerSecond = trajectoriesPerSecond
        self.functionEvaluations = functionEvaluations
    }
}
