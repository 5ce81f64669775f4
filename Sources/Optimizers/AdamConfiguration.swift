/// Hyperparameters of ``Adam``: Adam (Kingma & Ba 2015, "Adam: A Method for Stochastic Optimization", ICLR)
/// with L2 weight decay and optional AMSGrad (Reddi et al. 2018, "On the Convergence of Adam and Beyond"), or
/// AdamW (Loshchilov & Hutter 2019, "Decoupled Weight Decay Regularization", ICLR) when the decay is decoupled.
/// Matches `torch.optim.Adam` and `torch.optim.AdamW` (2.x, single-tensor CPU path).
public struct AdamConfiguration: OptimizerConfiguration {
    /// Step size α (`lr`).
    public var learningRate: Double
    /// Decay of the first moment (`betas[0]`), in [0, 1).
    public var beta1: Double
    /// Decay of the second moment (`betas[1]`), in [0, 1).
    public var beta2: Double
    /// ε added to the bias-corrected √v (`eps`).
    public var epsilon: Double
    /// Weight-decay coefficient λ (`weight_decay`).
    public var weightDecay: Double
    /// `false`: Adam's L2 decay g ← g + λθ. `true`: AdamW's θ ← θ(1 − αλ).
    public var decoupledWeightDecay: Bool
    /// `amsgrad`: normalise by the running maximum of v.
    public var amsgrad: Bool
    /// How `a·b + c` is rounded in the update (see ``MultiplyAddRounding``).
    public var rounding: MultiplyAddRounding

    public init(
        learningRate: Double, beta1: Double, beta2: Double, epsilon: Double, weightDecay: Double,
        decoupledWeightDecay: Bool, amsgrad: Bool, rounding: MultiplyAddRounding = .separate
    ) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.decoupledWeightDecay = decoupledWeightDecay
        self.amsgrad = amsgrad
        self.rounding = rounding
    }

    /// `torch.optim.Adam`'s defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, no decay, no AMSGrad.
    public static let adam = AdamConfiguration(
        learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0,
        decoupledWeightDecay: false, amsgrad: false)

    /// `torch.optim.AdamW`'s defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, decoupled decay 0.01.
    public static let adamW = AdamConfiguration(
        learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 1e-2,
        decoupledWeightDecay: true, amsgrad: false)

    public var optimizerName: String { decoupledWeightDecay ? "AdamW" : "Adam" }

    public var hyperparameters: [Hyperparameter] {
        [
            Hyperparameter("lr", .number(learningRate)),
            Hyperparameter("beta1", .number(beta1)),
            Hyperparameter("beta2", .number(beta2)),
            Hyperparameter("eps", .number(epsilon)),
            Hyperparameter("weight_decay", .number(weightDecay)),
            Hyperparameter("weight_decouple", .flag(decoupledWeightDecay)),
            Hyperparameter("amsgrad", .flag(amsgrad)),
            Hyperparameter("multiply_add", .text(rounding.rawValue)),
            Hyperparameter("reference", .text(decoupledWeightDecay ? "torch.optim.AdamW" : "torch.optim.Adam")),
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
