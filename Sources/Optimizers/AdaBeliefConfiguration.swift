/// Hyperparameters of ``AdaBelief`` (Zhuang et al. 2020, "AdaBelief Optimizer: Adapting Stepsizes by the Belief
/// in Observed Gradients", NeurIPS), with every knob of the reference implementation adabelief-pytorch 0.2.x.
///
/// The defaults of that package changed between releases (0.0.5: ε = 1e-8, coupled decay, no rectification;
/// 0.2.x: ε = 1e-16, decoupled decay, rectification), so there are no implicit defaults here: use one of the
/// named presets ``pytorch021`` or ``paper`` and change what you need.
public struct AdaBeliefConfiguration: OptimizerConfiguration {
    /// Step size α (`lr`).
    public var learningRate: Double
    /// Decay of the first moment m (`betas[0]`), in [0, 1).
    public var beta1: Double
    /// Decay of the belief s = EMA of (g − m)² (`betas[1]`), in [0, 1).
    public var beta2: Double
    /// ε (`eps`). As in the reference, it is added to s inside the moving average every step
    /// (s ← β₂s + (1−β₂)(g−m)² + ε, stored) and again after the square root.
    public var epsilon: Double
    /// Weight-decay coefficient λ (`weight_decay`).
    public var weightDecay: Double
    /// `weight_decouple`: decay the parameters directly, θ ← θ(1 − αλ) (Loshchilov & Hutter 2019), instead of
    /// adding λθ to the gradient (L2).
    public var decoupledWeightDecay: Bool
    /// `fixed_decay`: with decoupled decay, use θ ← θ(1 − λ), independent of the learning rate.
    public var fixedDecay: Bool
    /// `rectify`: RAdam's variance rectification (Liu et al. 2020) in place of the bias-corrected denominator.
    public var rectify: Bool
    /// `degenerated_to_sgd`: while rectification is not yet possible (ρ_t < 5), take an SGD-with-momentum step
    /// (`true`) or no step at all (`false`).
    public var degeneratedToSGD: Bool
    /// `amsgrad`: normalise by the running maximum of s (Reddi et al. 2018). As in the reference, the rectified
    /// branch still uses s itself.
    public var amsgrad: Bool
    /// How `a·b + c` is rounded in the update (see ``MultiplyAddRounding``).
    public var rounding: MultiplyAddRounding

    public init(
        learningRate: Double, beta1: Double, beta2: Double, epsilon: Double, weightDecay: Double,
        decoupledWeightDecay: Bool, fixedDecay: Bool, rectify: Bool, degeneratedToSGD: Bool, amsgrad: Bool,
        rounding: MultiplyAddRounding = .separate
    ) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.decoupledWeightDecay = decoupledWeightDecay
        self.fixedDecay = fixedDecay
        self.rectify = rectify
        self.degeneratedToSGD = degeneratedToSGD
        self.amsgrad = amsgrad
        self.rounding = rounding
    }

    /// The defaults of adabelief-pytorch 0.2.x: lr 1e-3, betas (0.9, 0.999), eps 1e-16, no weight decay,
    /// decoupled decay, rectification with the SGD branch, no AMSGrad.
    public static let pytorch021 = AdaBeliefConfiguration(
        learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-16, weightDecay: 0,
        decoupledWeightDecay: true, fixedDecay: false, rectify: true, degeneratedToSGD: true, amsgrad: false)

    /// The paper's configuration (and adabelief-pytorch 0.0.5's defaults): lr 1e-3, betas (0.9, 0.999),
    /// eps 1e-8, L2 (coupled) weight decay, no rectification, no AMSGrad.
    public static let paper = AdaBeliefConfiguration(
        learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0,
        decoupledWeightDecay: false, fixedDecay: false, rectify: false, degeneratedToSGD: true, amsgrad: false)

    public var optimizerName: String { "AdaBelief" }

    public var hyperparameters: [Hyperparameter] {
        [
            Hyperparameter("lr", .number(learningRate)),
            Hyperparameter("beta1", .number(beta1)),
            Hyperparameter("beta2", .number(beta2)),
            Hyperparameter("eps", .number(epsilon)),
            Hyperparameter("weight_decay", .number(weightDecay)),
            Hyperparameter("weight_decouple", .flag(decoupledWeightDecay)),
            Hyperparameter("fixed_decay", .flag(fixedDecay)),
            Hyperparameter("rectify", .flag(rectify)),
            Hyperparameter("degenerated_to_sgd", .flag(degeneratedToSGD)),
            Hyperparameter("amsgrad", .flag(amsgrad)),
            Hyperparameter("multiply_add", .text(rounding.rawValue)),
            Hyperparameter("reference", .text("adabelief-pytorch 0.2.1")),
        ]
    }

    public func validate() throws(OptimizerError) {
        try Check.nonNegative(learningRate, "lr", optimizerName)
        try Check.beta(beta1, "beta1", optimizerName)
        try Check.beta(beta2, "beta2", optimizerName)
        try Check.nonNegative(epsilon, "eps", optimizerName)
        try Check.nonNegative(weightDecay, "weight_decay", optimizerName)
        if fixedDecay && !decoupledWeightDecay {
            throw .invalidCombination(
                optimizer: optimizerName, reason: "fixed_decay applies only with weight_decouple = true")
        }
    }
}
