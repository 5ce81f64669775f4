/// Any of the optimizers' configurations, as one Codable value: what a fit stores to know which optimizer to
/// rebuild. ``makeOptimizer(parameterCount:)`` validates and builds it.
public enum OptimizerSpecification: Codable, Hashable, Sendable {
    case adaBelief(AdaBeliefConfiguration)
    case adam(AdamConfiguration)
    case radam(RAdamConfiguration)
    case sgd(SGDConfiguration)

    /// The wrapped configuration.
    public var configuration: any OptimizerConfiguration {
        switch self {
        case let .adaBelief(c): return c
        case let .adam(c): return c
        case let .radam(c): return c
        case let .sgd(c): return c
        }
    }

    public var optimizerName: String { configuration.optimizerName }
    public var hyperparameters: [Hyperparameter] {
        [Hyperparameter("optimizer", .text(optimizerName))] + configuration.hyperparameters
    }

    /// A fresh optimizer for `parameterCount` parameters; throws if the configuration is invalid.
    public func makeOptimizer(parameterCount: Int) throws(OptimizerError) -> any Optimizer {
        switch self {
        case let .adaBelief(c): return try AdaBelief(configuration: c, parameterCount: parameterCount)
        case let .adam(c): return try Adam(configuration: c, parameterCount: parameterCount)
        case let .radam(c): return try RAdam(configuration: c, parameterCount: parameterCount)
        case let .sgd(c): return try SGD(configuration: c, parameterCount: parameterCount)
        }
    }
}
