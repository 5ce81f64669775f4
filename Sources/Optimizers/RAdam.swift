/// RAdam (Liu et al. 2020, "On the Variance of the Adaptive Learning Rate and Beyond", ICLR), as
/// `torch.optim.RAdam` (2.x) computes it. With ρ∞ = 2/(1−β₂) − 1 and ρ_t = ρ∞ − 2tβ₂ᵗ/(1−β₂ᵗ):
///
///     m ← m + (1−β₁)(g − m);  v ← β₂v + (1−β₂)g²;  m̂ = m/(1−β₁ᵗ)
///     θ ← θ − α m̂ · √(1−β₂ᵗ)/(√v + ε) · r_t   if ρ_t > 5, with r_t = √((ρ_t−4)(ρ_t−2)ρ∞ / ((ρ∞−4)(ρ∞−2)ρ_t))
///     θ ← θ − α m̂                             otherwise (SGD with momentum while the variance is intractable)
public struct RAdam: Optimizer {
    public let configuration: RAdamConfiguration
    /// `exp_avg` and `exp_avg_sq`.
    public private(set) var moments: MomentBuffers
    public var parameterCount: Int { moments.parameterCount }
    public var stepCount: Int { moments.step }

    public init(configuration: RAdamConfiguration, parameterCount: Int) throws(OptimizerError) {
        try configuration.validate()
        guard parameterCount >= 0 else {
            throw .invalidCombination(optimizer: "RAdam", reason: "negative parameter count \(parameterCount)")
        }
        self.configuration = configuration
        moments = MomentBuffers(optimizer: configuration.optimizerName, names: ["exp_avg", "exp_avg_sq"],
                                parameterCount: parameterCount)
    }

    public var state: OptimizerState { moments.state }

    public mutating func restore(_ state: OptimizerState) throws(OptimizerError) { try moments.restore(state) }

    public mutating func step(
        parameters: UnsafeMutableBufferPointer<Double>, gradient: UnsafeBufferPointer<Double>,
        learningRate lr: Double
    ) {
        checkShapes(parameters, gradient, lr)
        moments.step += 1
        let c = configuration
        let t = Double(stepCount)
        let biasCorrection1 = 1 - power(c.beta1, t)
        let biasCorrection2 = 1 - power(c.beta2, t)
        let rhoInf = 2 / (1 - c.beta2) - 1
        let rho = rhoInf - 2 * t * power(c.beta2, t) / biasCorrection2
        // r_t, or 0 to select the un-adapted branch.
        let rect = rho > 5
            ? power((rho - 4) * (rho - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rho), 0.5)
            : 0
        let sqrtBC2 = power(biasCorrection2, 0.5)
        let decay = c.decoupledWeightDecay && c.weightDecay != 0 ? 1 - lr * c.weightDecay : 1.0
        let l2 = c.decoupledWeightDecay ? 0 : c.weightDecay

        moments.withBuffers { b in
            switch c.rounding {
            case .separate:
                Self.kernel(SeparateMultiplyAdd.self, parameters, gradient, b[0], b[1], c, decay, l2, lr, biasCorrection1, sqrtBC2, rect)
            case .fused:
                Self.kernel(FusedMultiplyAdd.self, parameters, gradient, b[0], b[1], c, decay, l2, lr, biasCorrection1, sqrtBC2, rect)
            }
        }
    }

    @usableFromInline
    static func kernel<M: MultiplyAdd>(
        _: M.Type,
        _ p: UnsafeMutableBufferPointer<Double>, _ g: UnsafeBufferPointer<Double>,
        _ m: UnsafeMutableBufferPointer<Double>, _ v: UnsafeMutableBufferPointer<Double>,
        _ c: RAdamConfiguration, _ decay: Double, _ l2: Double, _ lr: Double,
        _ biasCorrection1: Double, _ sqrtBC2: Double, _ rect: Double
    ) {
        let n = p.count
        guard n > 0 else { return }
        let p = p.baseAddress!, g = g.baseAddress!, m = m.baseAddress!, v = v.baseAddress!
        let w = 1 - c.beta1, beta2 = c.beta2, oneMinusBeta2 = 1 - c.beta2, eps = c.epsilon
        let smallWeight = abs(w) < 0.5, oneMinusW = 1 - w
        let adapt = rect > 0
        for i in 0..<n {
            let theta = p[i] * decay
            let gi = l2 == 0 ? g[i] : M.madd(l2, theta, g[i])
            let mi = smallWeight ? M.madd(w, gi - m[i], m[i]) : M.madd(-(gi - m[i]), oneMinusW, gi)
            let vi = M.madd(oneMinusBeta2 * gi, gi, v[i] * beta2)
            m[i] = mi
            v[i] = vi
            let mHat = mi / biasCorrection1                            // bias_corrected_exp_avg
            if adapt {
                let adaptive = (1 / (vi.squareRoot() + eps)) * sqrtBC2  // float / tensor = reciprocal() * float
                p[i] = M.madd(-1.0, mHat * lr * adaptive * rect, theta)  // param.add_(…, alpha=−1)
            } else {
                p[i] = M.madd(-1.0, mHat * lr, theta)
            }
        }
    }
}
