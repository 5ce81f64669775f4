import Foundation

/// A one-look description of a dataset file: what `orrery generate`, `simulate` and `merge`
/// print after writing one (``text``, or this encoded as JSON).
public struct DatasetSummary: Encodable, Sendable {
    public let file: String
    public let system: String
    public let trajectories: Int
    public let samples: Int
    public let stateDimension: Int
    public let stateLabels: [String]
    public let timeSpan: [Double]
    public let parameters: [String]

    public init(dataset: TrajectoryDataset, file: String) {
        self.file = file
        system = dataset.metadata.system
        trajectories = dataset.trajectoryCount
        samples = dataset.sampleCount
        stateDimension = dataset.stateDimension
        stateLabels = dataset.metadata.stateLabels
        timeSpan = [dataset.times.values.min() ?? 0, dataset.times.values.max() ?? 0]
        parameters = dataset.parameters.keys.sorted()
    }

    /// `wrote FILE: system, B trajectories × N samples × D components (labels), t in [a, b]`.
    public var text: String {
        "wrote \(file): \(system), \(trajectories) trajector\(trajectories == 1 ? "y" : "ies") × \(samples) samples × \(stateDimension) components (\(stateLabels.joined(separator: ", "))), t in [\(timeSpan[0]), \(timeSpan[1])]"
    }
}
