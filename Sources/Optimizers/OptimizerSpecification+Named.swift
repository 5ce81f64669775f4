extension OptimizerSpecification {
    /// The first-order optimizers by name, as `orrery fit --optimizer` takes them.
    public static let names = ["adabelief", "adabelief-paper", "adam", "adamw", "sgd", "radam"]

    /// A first-order optimizer by name, with the given hyperparameters over its defaults:
    /// `adabelief` (adabelief-pytorch 0.2.x defaults, Zhuang et al. 2020), `adabelief-paper`
    /// (the paper's), `adam`, `adamw` (Loshchilov & Hutter 2019), `radam` (Liu et al. 2020, PyTorch
    /// defaults) and `sgd` (momentum `beta1`, default 0.9; Nesterov with `nesterov`).
    ///
    /// - Returns: nil for a name not in ``names``.
    /// - Throws: ``OptimizerError`` when a hyperparameter is out of range.
    public static func named(_ name: String, learningRate: Double, beta1: Double? = nil, beta2: Double? = nil, epsilon: Double? = nil,
                             weightDecay: Double = 0, nesterov: Bool = false) throws(OptimizerError) -> OptimizerSpecification? {
        let spec: OptimizerSpecification
        switch name {
        case "adabelief", "adabelief-paper":
            var c = name == "adabelief-paper" ? AdaBeliefConfiguration.paper : AdaBeliefConfiguration.pytorch021
            c.learningRate = learningRate
            if let beta1 { c.beta1 = beta1 }
            if let beta2 { c.beta2 = beta2 }
            if let epsilon { c.epsilon = epsilon }
            c.weightDecay = weightDecay
            spec = .adaBelief(c)
        case "adam", "adamw":
            var c = name == "adam" ? AdamConfiguration.adam : AdamConfiguration.adamW
            c.learningRate = learningRate
            if let beta1 { c.beta1 = beta1 }
            if let beta2 { c.beta2 = beta2 }
            if let epsilon { c.epsilon = epsilon }
            if name == "adamw" || weightDecay != 0 { c.weightDecay = weightDecay }
            spec = .adam(c)
        case "radam":
            var c = RAdamConfiguration.torch
            c.learningRate = learningRate
            if let beta1 { c.beta1 = beta1 }
            if let beta2 { c.beta2 = beta2 }
            if let epsilon { c.epsilon = epsilon }
            c.weightDecay = weightDecay
            spec = .radam(c)
        case "sgd":
            var c = SGDConfiguration.momentum(learningRate: learningRate, momentum: beta1 ?? 0.9)
            c.nesterov = nesterov
            c.weightDecay = weightDecay
            spec = .sgd(c)
        default:
            return nil
        }
        try spec.configuration.validate()
        return spec
    }
}
