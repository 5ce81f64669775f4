/// Hyperparameters of ``SGD``: stochastic gradient descent with heavy-ball momentum (Polyak 1964) or Nesterov
/// momentum (Sutskever et al. 2013), as `torch.optim.SGD` names them.
public struct SGDConfiguration: OptimizerConfiguration {
    /// Step size (`lr`).
    public var learningRate: Double
    /// Momentum μ (`momentum`), ≥ 0; 0 is plain SGD.
    public var momentum: Double
    /// Dampening of the gradient in the momentum buffer (`dampening`), in [0, 1].
    public var dampening: Double
    /// L2 weight decay λ: g ← g + λθ (`weight_decay`).
    public var weightDecay: Double
    /// `nesterov`: step along g + μb instead of b.
    public var nesterov: Bool
    /// How `a·b + c` is rounded in the update (see ``MultiplyAddRounding``).
    public var rounding: MultiplyAddRounding

    public init(
        learningRate: Double, momentum: Double, dampening: Double, weightDecay: Double, nesterov: Bool,
        rounding: MultiplyAddRounding = .separate
    ) {
        self.learningRate = learningRate
        self.momentum = momentum
        self.dampening = dampening
        self.weightDecay = weightDecay
        self.nesterov = nesterov
        self.rounding = rounding
    }

    /// Heavy-ball momentum 0.9 at `learningRate`, no dampening, no decay.
    public static func momentum(learningRate: Double, momentum: Double = 0.9) -> SGDConfiguration {
        SGDConfiguration(learningRate: learningRate, momentum: momentum, dampening: 0, weightDecay: 0, nesterov: false)
    }

    public var optimizerName: String { "SGD" }

    public var hyperparameters: [Hyperparameter] {
        [
            Hyperparameter("lr", .number(learningRate)),
            Hyperparameter("momentum", .number(momentum)),
            Hyperparameter("dampening", .number(dampening)),
            Hyperparameter("weight_decay", .number(weightDecay)),
            Hyperparameter("nesterov", .flag(nesterov)),
            Hyperparameter("multiply_add", .text(rounding.rawValue)),
            Hyperparameter("reference", .text("torch.optim.SGD")),
        ]
    }

    public func validate() throws(OptimizerError) {
        try Check.nonNegative(learningRate, "lr", optimizerName)
        try Check.nonNegative(momentum, "momentum", optimizerName)
        guard dampening >= 0, dampening <= 1 else {
            throw .invalidHyperparameter(
                optimizer: optimizerName, name: "dampening", value: dampening, requirement: "in [0, 1]")
        }
        try Check.nonNegative(weightDecay, "weight_decay", optimizerName)
        if nesterov && (momentum <= 0 || dampening != 0) {
            throw .invalidCombination(
                optimizer: optimizerName, reason: "Nesterov momentum requires momentum > 0 and dampening = 0")
        }
    }
}
