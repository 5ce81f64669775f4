import Datasets
import HDF5Kit
import Models

/// A fit file's model rebuilt with its best parameters: what a prediction (`orrery predict`) runs, and what it
/// records about where it came from.
public struct FittedModel {
    public var checkpoint: FitCheckpoint
    /// The stored settings (`config_json`): the model, the data source, the solver and its tolerances.
    public var configuration: FitConfiguration
    /// The model's vector field.
    public var field: any NamedDifferentiableField
    /// The model's best parameters (the first `field.parameterCount` of them; learned initial states left out).
    public var parameters: [Double]

    /// Reads the fit file at `path` and rebuilds its model.
    /// - Throws: what reading the file, its configuration or building its model throws.
    public init(reading path: String) throws {
        checkpoint = try FitCheckpoint.read(from: path)
        configuration = try FitConfiguration(jsonString: checkpoint.configurationJSON)
        field = try configuration.model.makeField()
        parameters = Array(checkpoint.bestParameters[0..<field.parameterCount])
    }

    /// The best parameters by block name (`masses`, `G`, `alpha`, …).
    public var namedParameters: [String: [Double]] {
        Dictionary(uniqueKeysWithValues: field.parameterBlocks.map { ($0.name, Array(parameters[$0.range])) })
    }

    /// The state labels of a prediction: the data's when they label every state of the model, else the model's.
    public func stateLabels(data: TrajectoryDataset?) -> [String] {
        guard let labels = data?.metadata.stateLabels, labels.count == field.dimension else { return configuration.model.stateLabels }
        return labels
    }

    /// The initial states and start times of a prediction from the fit's `data`: each trajectory's `/initial_state`
    /// at its start time, or the learned one where the fit learned initial states (``FitCheckpoint/initialStates(for:dimension:)``).
    public func initialStates(data: TrajectoryDataset) throws(FitError) -> (states: [[Double]], initialTimes: [Double]) {
        (try checkpoint.initialStates(for: data, dimension: field.dimension), data.initialTimes)
    }

    /// The standard errors and correlations of the model's parameters alone (the leading block of the fit's
    /// ``FitCheckpoint/uncertainty``), for linearised ±1σ bands; nil when the fit file has none.
    public var uncertainty: (standardErrors: [Double], correlation: [Double])? {
        checkpoint.uncertainty?.leadingBlock(field.parameterCount)
    }

    /// Root attributes of a prediction from the fit file at `fitFile`: the file, the model (text and JSON) and
    /// how the ±1σ bands were made, if at all.
    public func predictionAttributes(fitFile: String) -> [String: HDF5AttributeValue] {
        ["fit_file": .string(fitFile), "model": .string(configuration.model.description),
         "model_json": .string((try? configuration.model.jsonString()) ?? ""),
         "uncertainty": .string(checkpoint.uncertainty == nil
            ? "none (the fit file has no /uncertainty)"
            : "±1σ by linearised propagation of the parameters' covariance (standard errors and correlations), central-difference sensitivities")]
    }
}
