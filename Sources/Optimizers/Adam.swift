/// Adam (Kingma & Ba 2015), with L2 decay and AMSGrad (Reddi et al. 2018), or AdamW (Loshchilov & Hutter
/// 2019) when ``AdamConfiguration/decoupledWeightDecay`` is set; as `torch.optim.Adam`/`AdamW` compute it:
///
///     m ← m + (1−β₁)(g − m)                       (torch's lerp_)
///     v ← β₂v + (1−β₂)g²
///     θ ← θ − α/(1−β₁ᵗ) · m / (√v̂/√(1−β₂ᵗ) + ε)     (v̂ = v, or max over time of v with AMSGrad)
public struct Adam: Optimizer {
    public let configuration: AdamConfiguration
    /// `exp_avg`, `exp_avg_sq` and, with AMSGrad, `max_exp_avg_sq`.
    public private(set) var moments: MomentBuffers
    public var parameterCount: Int { moments.parameterCount }
    public var stepCount: Int { moments.step }

    public init(configuration: AdamConfiguration, parameterCount: Int) throws(OptimizerError) {
        try configuration.validate()
        guard parameterCount >= 0 else {
            throw .invalidCombination(
                optimizer: configuration.optimizerName, reason: "negative parameter count \(parameterCount)")
        }
        self.configuration = configuration
        let names = configuration.amsgrad ? ["exp_avg", "exp_avg_sq", "max_exp_avg_sq"] : ["exp_avg", "exp_avg_sq"]
        moments = MomentBuffers(optimizer: configuration.optimizerName, names: names, parameterCount: parameterCount)
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
        let value = -(lr / biasCorrection1)
        let sqrtBC2 = power(biasCorrection2, 0.5)  // torch: bias_correction2 ** 0.5
        let decay = c.decoupledWeightDecay && c.weightDecay != 0 ? 1 - lr * c.weightDecay : 1.0
        let l2 = c.decoupledWeightDecay ? 0 : c.weightDecay

        moments.withBuffers { b in
            switch c.rounding {
            case .separate:
                Self.kernel(SeparateMultiplyAdd.self, parameters, gradient, b[0], b[1], b[2], c, decay, l2, value, sqrtBC2)
            case .fused:
                Self.kernel(FusedMultiplyAdd.self, parameters, gradient, b[0], b[1], b[2], c, decay, l2, value, sqrtBC2)
            }
        }
    }

    @usableFromInline
    static func kernel<M: MultiplyAdd>(
        _: M.Type,
        _ p: UnsafeMutableBufferPointer<Double>, _ g: UnsafeBufferPointer<Double>,
        _ m: UnsafeMutableBufferPointer<Double>, _ v: UnsafeMutableBufferPointer<Double>,
        _ vMax: UnsafeMutableBufferPointer<Double>,
        _ c: AdamConfiguration, _ decay: Double, _ l2: Double, _ value: Double, _ sqrtBC2: Double
    ) {
        let n = p.count
        guard n > 0 else { return }
        let p = p.baseAddress!, g = g.baseAddress!, m = m.baseAddress!, v = v.baseAddress!
        let vMax = vMax.baseAddress
        let w = 1 - c.beta1, beta2 = c.beta2, oneMinusBeta2 = 1 - c.beta2, eps = c.epsilon
        let smallWeight = abs(w) < 0.5, oneMinusW = 1 - w
        let amsgrad = c.amsgrad
        for i in 0..<n {
            let theta = p[i] * decay                                   // param.mul_(1 − lr·wd)
            let gi = l2 == 0 ? g[i] : M.madd(l2, theta, g[i])          // grad.add(param, alpha=wd)
            let mi = smallWeight                                       // exp_avg.lerp_(grad, 1−β1)
                ? M.madd(w, gi - m[i], m[i])
                : M.madd(-(gi - m[i]), oneMinusW, gi)
            let vi = M.madd(oneMinusBeta2 * gi, gi, v[i] * beta2)      // .mul_(β2).addcmul_(g, g, 1−β2)
            m[i] = mi
            v[i] = vi
            var vHat = vi
            if amsgrad {
                let old = vMax![i]
                vHat = (vi > old || vi.isNaN) ? vi : old              // torch.maximum
                vMax![i] = vHat
            }
            let denom = vHat.squareRoot() / sqrtBC2 + eps
            p[i] = theta + value * mi / denom                          // addcdiv_(m, denom, value=−step_size)
        }
    }
}
