import Optimizers

extension OptimizationStrategy {
    /// A strategy and its first-order optimizer from one name: `auto`, `lm` and `lbfgs` choose the strategy, with
    /// AdaBelief (adabelief-pytorch 0.2.x defaults) as the optimizer `auto` runs on neural models; the names of
    /// ``OptimizerSpecification/names`` are first-order (``firstOrder``), with the given hyperparameters.
    /// - Throws: ``FitError`` naming `FitSettings.optimizer`'s learningRate when it is not positive and finite, or
    ///   `FitSettings.strategy` for an unknown name; `OptimizerError` for a hyperparameter out of range.
    public static func named(_ name: String, learningRate: Double, beta1: Double? = nil, beta2: Double? = nil, epsilon: Double? = nil,
                             weightDecay: Double = 0, nesterov: Bool = false) throws -> (strategy: OptimizationStrategy, optimizer: OptimizerSpecification) {
        guard learningRate > 0, learningRate.isFinite else {
            throw FitError("FitSettings.optimizer's learningRate must be positive (got \(learningRate))")
        }
        let strategies: [String: OptimizationStrategy] = ["auto": .auto, "lm": .levenbergMarquardt, "lbfgs": .lbfgs]
        let firstOrder = strategies[name] == nil ? name : "adabelief"
        guard let optimizer = try OptimizerSpecification.named(firstOrder, learningRate: learningRate, beta1: beta1, beta2: beta2,
                                                               epsilon: epsilon, weightDecay: weightDecay, nesterov: nesterov) else {
            throw FitError("unknown FitSettings.strategy \(name); choose auto, lm, lbfgs, \(OptimizerSpecification.names.dropLast().joined(separator: ", ")) or radam")
        }
        return (strategies[name] ?? .firstOrder, optimizer)
    }
}
