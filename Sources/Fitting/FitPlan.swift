import Datasets
import Models

/// What a fit will do before it starts: the optimizer family (`auto` resolved), how many values
/// it learns and their names — printed at the start and recorded in the fit file.
public struct FitPlan: Sendable {
    /// The strategy that will run (never `auto`).
    public let strategy: OptimizationStrategy
    /// Learned values: model parameters plus learned initial states.
    public let parameterCount: Int
    /// The model's parameter names, in flat order (initial states excluded).
    public let parameterNames: [String]
    /// One line: `optimizer lm (auto: 3 parameters ≤ 200, residuals with forward-sensitivity Jacobians)`.
    public let line: String

    public init(configuration: FitConfiguration, dataset: TrajectoryDataset) throws {
        try configuration.model.validate()
        guard configuration.model.stateDimension == dataset.stateDimension else {
            throw FitError("the model's state has \(configuration.model.stateDimension) components but the data has \(dataset.stateDimension) (\(dataset.metadata.stateLabels.joined(separator: ", ")))")
        }
        let names = try configuration.model.parameterNames()
        var count = names.count
        let data = try FitData(dataset: dataset, configuration: configuration)
        if configuration.learnInitialState {
            count += data.training.count * dataset.stateDimension
        }
        let residuals = data.trainingObservedEntries
        let blockNames = Set(try configuration.model.parameterBlocks().map(\.name) + ["initial_state"])
        for name in (configuration.bounds ?? [:]).keys.sorted() where !names.contains(name) && !blockNames.contains(name) {
            throw FitError("FitConfiguration.bounds names an unknown parameter '\(name)'; the parameters are \(blockNames.sorted().joined(separator: ", "))")
        }
        let requested = configuration.strategy ?? .firstOrder
        strategy = requested.resolved(parameterCount: count, residualCount: residuals)
        parameterCount = count
        parameterNames = names
        let values = "\(count) learned value\(count == 1 ? "" : "s")"
        let why = requested != .auto ? values
            : residuals < count ? "auto: \(values) > \(residuals) observed training value\(residuals == 1 ? "" : "s"), too few residuals for Levenberg–Marquardt"
            : "auto: \(values) \(count <= OptimizationStrategy.leastSquaresParameterLimit ? "≤" : ">") \(OptimizationStrategy.leastSquaresParameterLimit)"
        let what: String = switch strategy {
        case .levenbergMarquardt: "Levenberg–Marquardt on residuals, exact forward-sensitivity Jacobians"
        case .lbfgs: "L-BFGS, \(configuration.gradient) gradients"
        case .firstOrderThenLBFGS: "\(configuration.optimizer.optimizerName) for \(configuration.iterations) iterations, then L-BFGS, \(configuration.gradient) gradients"
        case .firstOrder, .auto: "\(configuration.optimizer.optimizerName), \(configuration.gradient) gradients"
        }
        let anyPositive = (try? configuration.model.parameterDomains())?.contains(.positive) ?? false
        let positivity = (configuration.positivity ?? false) && anyPositive ? "; positive parameters in log space" : ""
        line = "optimizer \(strategy.rawValue) (\(why); \(what)\(positivity))"
    }
}
