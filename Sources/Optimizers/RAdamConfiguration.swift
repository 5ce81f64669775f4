/// Hyperparameters of ``RAdam`` (Liu et al. 2020, "On the Variance of the Adaptive Learning Rate and Beyond",
/// ICLR), as `torch.optim.RAdam` (2.x) names them.
public struct RAdamConfiguration: OptimizerConfiguration {
    /// Step size α (`lr`).
    public var learningRate: Double
    /// Decay of the first moment (`betas[0]`), in [0, 1).
    public var beta1: Double
    /// Decay of the second moment (`betas[1]`), in [0, 1).
    public var beta2: Double
    /// ε added to √v (`eps`).
    public var epsilon: Double
    /// Weight-decay coefficient λ (`weight_decay`).
    public var weightDecay: Double
    /// `decoupled_weight_decay`: θ ← θ(1 − αλ) instead of g ← g + λθ.
    public var decoupledWeightDecay: Bool
    /// How `a·b + c` is rounded in the update (see ``MultiplyAddRounding``).
    public var rounding: MultiplyAddRounding

    public init(
        learningRate: Double, beta1: Double, beta2: Double, epsilon: Double, weightDecay: Double,
        decoupledWeightDecay: Bool, rounding: MultiplyAddRounding = .separate
    ) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.decoupledWeightDecay = decoupledWeightDecay
        self.rounding = rounding
    }

    /// `torch.optim.RAdam`'s defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, no decay.
    public static let torch = RAdamConfiguration(
        learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0, decoupledWeightDecay: false)

    public var optimizerName: String { "RAdam" }

    public var hyperparameters: [Hyperparameter] {
        [
            Hyperparameter("lr", .number(learningRate)),
            Hyperparameter("beta1", .number(beta1)),
            Hyperparameter("beta2", .number(beta2)),
            Hyperparameter("eps", .number(epsilon)),
            Hyperparameter("weight_decay", .number(weightDecay)),
            Hyperparameter("weight_decouple", .flag(decoupledWeightDecay)),
            Hyperparameter("multiply_add", .text(rounding.rawValue)),
            Hyperparameter("reference", .text("torch.optim.RAdam")),
        ]
    }

    public func validate() throws(OptimizerError) {
        try Check.nonNegative(learningRate, "lr", optimizerName)
        try Check.beta(beta1, "beta1", optimizerName)
        try Check.beta(beta2, "beta2", optimizerName)
        try Check.nonNegative(epsilon, "eps", optimizerName)
        try Check.nonNegative(weightDecay, "weight_decay", optimizerName)
    }
}
