/// AdaBelief (Zhuang et al. 2020, "AdaBelief Optimizer: Adapting Stepsizes by the Belief in Observed
/// Gradients", NeurIPS), exactly as adabelief-pytorch 0.2.1 computes it.
///
/// Per parameter, at step t with gradient g (after optional weight decay):
///
///     m ← β₁m + (1−β₁)g
///     s ← β₂s + (1−β₂)(g−m)² + ε                      (ε stored in s, as the reference's in-place add_)
///     θ ← θ − α/(1−β₁ᵗ) · m / (√s/√(1−β₂ᵗ) + ε)        (rectify = false; AMSGrad uses max over time of s)
///
/// With `rectify` the step follows RAdam (Liu et al. 2020): with ρ∞ = 2/(1−β₂) − 1 and
/// ρ_t = ρ∞ − 2tβ₂ᵗ/(1−β₂ᵗ), if ρ_t ≥ 5 then θ ← θ − α r_t/(1−β₁ᵗ) · m/(√s + ε) with
/// r_t = √((1−β₂ᵗ)(ρ_t−4)(ρ_t−2)ρ∞ / ((ρ∞−4)(ρ∞−2)ρ_t)); otherwise an SGD step θ ← θ − α m/(1−β₁ᵗ)
/// (`degeneratedToSGD`) or none. Weight decay is L2 (g ← g + λθ) or decoupled (θ ← θ(1−αλ), or θ(1−λ) with
/// `fixedDecay`; Loshchilov & Hutter 2019), applied before the moments are updated.
/// The floating-point operations follow the reference's order; see ``MultiplyAddRounding``.
public struct AdaBelief: Optimizer {
    public let configuration: AdaBeliefConfiguration
    /// m (`exp_avg`), s (`exp_avg_var`, ε included) and, with AMSGrad, the max over time of s (`max_exp_avg_var`).
    public private(set) var moments: MomentBuffers
    public var parameterCount: Int { moments.parameterCount }
    public var stepCount: Int { moments.step }

    public init(configuration: AdaBeliefConfiguration, parameterCount: Int) throws(OptimizerError) {
        try configuration.validate()
        guard parameterCount >= 0 else {
            throw .invalidCombination(optimizer: "AdaBelief", reason: "negative parameter count \(parameterCount)")
        }
        self.configuration = configuration
        let names = configuration.amsgrad ? ["exp_avg", "exp_avg_var", "max_exp_avg_var"] : ["exp_avg", "exp_avg_var"]
        moments = MomentBuffers(optimizer: configuration.optimizerName, names: names, parameterCount: parameterCount)
    }

    public var state: OptimizerState { moments.state }

    public mutating func restore(_ state: OptimizerState) throws(OptimizerError) { try moments.restore(state) }

    /// How the parameters move this step, decided once per step from t (scalars computed as the reference does).
    @usableFromInline
    enum Update {
        /// θ ← θ + (value·m) / (√ŝ/√(1−β₂ᵗ) + ε), ŝ = s or max s.
        case adaptive(value: Double, sqrtBiasCorrection2: Double)
        /// θ ← θ + (value·m) / (√s + ε).
        case rectified(value: Double)
        /// θ ← θ + value·m.
        case sgd(value: Double)
        /// θ unchanged (apart from decoupled decay).
        case none
    }

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

        let update: Update
        if !c.rectify {
            update = .adaptive(value: -(lr / biasCorrection1), sqrtBiasCorrection2: biasCorrection2.squareRoot())
        } else {
            let beta2t = power(c.beta2, t)
            let rhoInf = 2 / (1 - c.beta2) - 1
            let rho = rhoInf - 2 * t * beta2t / (1 - beta2t)
            if rho >= 5 {
                let r = ((1 - beta2t) * (rho - 4) / (rhoInf - 4) * (rho - 2) / rho * rhoInf / (rhoInf - 2))
                let stepSize = r.squareRoot() / (1 - power(c.beta1, t))
                update = .rectified(value: -stepSize * lr)
            } else if c.degeneratedToSGD {
                update = .sgd(value: -(1.0 / (1 - power(c.beta1, t))) * lr)
            } else {
                update = .none
            }
        }
        // Decoupled decay multiplies θ by `decay` (exactly 1 when there is none); L2 adds `l2`·θ to g.
        let decay = c.decoupledWeightDecay ? (c.fixedDecay ? 1 - c.weightDecay : 1.0 - lr * c.weightDecay) : 1.0
        let l2 = c.decoupledWeightDecay ? 0 : c.weightDecay

        moments.withBuffers { b in
            switch c.rounding {
            case .separate: Self.kernel(SeparateMultiplyAdd.self, parameters, gradient, b[0], b[1], b[2], c, decay, l2, update)
            case .fused: Self.kernel(FusedMultiplyAdd.self, parameters, gradient, b[0], b[1], b[2], c, decay, l2, update)
            }
        }
    }

    /// The moments and update for pairs of parameters `[0, 2⌊n/2⌋)` with `step(m, s)` giving the
    /// increment of θ; returns where the scalar tail starts. Separate rounding, no L2, no AMSGrad.
    @inlinable @inline(__always)
    static func pairedKernel(
        _ p: UnsafeMutablePointer<Double>, _ g: UnsafePointer<Double>, _ m: UnsafeMutablePointer<Double>,
        _ s: UnsafeMutablePointer<Double>, _ n: Int, _ decay: Double, _ beta1: Double, _ oneMinusBeta1: Double,
        _ beta2: Double, _ oneMinusBeta2: Double, _ eps: Double,
        _ step: (SIMD2<Double>, SIMD2<Double>) -> SIMD2<Double>
    ) -> Int {
        let pairs = n / 2
        let decay2 = SIMD2(repeating: decay), b1 = SIMD2(repeating: beta1), ob1 = SIMD2(repeating: oneMinusBeta1)
        let b2 = SIMD2(repeating: beta2), ob2 = SIMD2(repeating: oneMinusBeta2), eps2 = SIMD2(repeating: eps)
        for k in 0..<pairs {
            let i = 2 * k
            let theta = SIMD2(p[i], p[i + 1]) * decay2
            let gi = SIMD2(g[i], g[i + 1])
            let mi = ob1 * gi + SIMD2(m[i], m[i + 1]) * b1
            let r = gi - mi
            let si = (ob2 * r) * r + SIMD2(s[i], s[i + 1]) * b2 + eps2
            m[i] = mi[0]; m[i + 1] = mi[1]
            s[i] = si[0]; s[i + 1] = si[1]
            let next = theta + step(mi, si)
            p[i] = next[0]; p[i + 1] = next[1]
        }
        return 2 * pairs
    }

    /// The per-parameter loops, one per update rule and AMSGrad setting so that each body is straight-line
    /// code the compiler can vectorise. Each line mirrors one in-place tensor operation of the reference.
    @usableFromInline
    static func kernel<M: MultiplyAdd>(
        _: M.Type,
        _ p: UnsafeMutableBufferPointer<Double>, _ g: UnsafeBufferPointer<Double>,
        _ m: UnsafeMutableBufferPointer<Double>, _ s: UnsafeMutableBufferPointer<Double>,
        _ sMax: UnsafeMutableBufferPointer<Double>,
        _ c: AdaBeliefConfiguration, _ decay: Double, _ l2: Double, _ update: Update
    ) {
        let n = p.count
        guard n > 0 else { return }
        let p = p.baseAddress!, g = g.baseAddress!, m = m.baseAddress!, s = s.baseAddress!
        let beta1 = c.beta1, oneMinusBeta1 = 1 - c.beta1
        let beta2 = c.beta2, oneMinusBeta2 = 1 - c.beta2
        let eps = c.epsilon

        /// Decay, moments and belief for parameter i: returns (θ after decay, m, s).
        @inline(__always)
        func moments(_ i: Int) -> (Double, Double, Double) {
            let theta = p[i] * decay                                    // p.mul_(1 − lr·wd)
            let gi = l2 == 0 ? g[i] : M.madd(l2, theta, g[i])           // grad.add_(p, alpha=wd)
            let mi = M.madd(oneMinusBeta1, gi, m[i] * beta1)            // exp_avg.mul_(β1).add_(g, alpha=1−β1)
            let r = gi - mi                                             // grad_residual
            let si = M.madd(oneMinusBeta2 * r, r, s[i] * beta2) + eps   // .mul_(β2).addcmul_(r, r, 1−β2); add_(eps)
            m[i] = mi
            s[i] = si
            return (theta, mi, si)
        }

        // Two lanes at a time where the rounding is separate and there is no AMSGrad: each lane does the
        // same IEEE operations in the same order as the scalar loop (so the bits are the same), but the
        // square root and the division, which bound this loop, run as packed SSE2 instructions.
        var start = 0
        if M.self == SeparateMultiplyAdd.self && !c.amsgrad && l2 == 0 {
            switch update {
            case let .adaptive(value, sqrtBC2):
                start = pairedKernel(p, g, m, s, n, decay, beta1, oneMinusBeta1, beta2, oneMinusBeta2, eps) { mi, si in
                    value * mi / (si.squareRoot() / SIMD2(repeating: sqrtBC2) + SIMD2(repeating: eps))
                }
            case let .rectified(value):
                start = pairedKernel(p, g, m, s, n, decay, beta1, oneMinusBeta1, beta2, oneMinusBeta2, eps) { mi, si in
                    value * mi / (si.squareRoot() + SIMD2(repeating: eps))
                }
            default:
                break
            }
        }

        switch (update, c.amsgrad) {
        case let (.adaptive(value, sqrtBC2), false):
            for i in start..<n {
                let (theta, mi, si) = moments(i)
                let denom = si.squareRoot() / sqrtBC2 + eps
                p[i] = theta + value * mi / denom                       // addcdiv_(m, denom, value)
            }
        case let (.adaptive(value, sqrtBC2), true):
            let sMax = sMax.baseAddress!
            for i in 0..<n {
                let (theta, mi, si) = moments(i)
                let old = sMax[i]
                let sHat = (si > old || si.isNaN) ? si : old            // torch.max(max_exp_avg_var, s)
                sMax[i] = sHat
                let denom = sHat.squareRoot() / sqrtBC2 + eps
                p[i] = theta + value * mi / denom
            }
        case let (.rectified(value), amsgrad):
            // As in the reference, the rectified step uses s itself even with AMSGrad (the max is still kept).
            let sMax = sMax.baseAddress
            for i in start..<n {
                let (theta, mi, si) = moments(i)
                if amsgrad {
                    let old = sMax![i]
                    sMax![i] = (si > old || si.isNaN) ? si : old
                }
                let denom = si.squareRoot() + eps
                p[i] = theta + value * mi / denom
            }
        case let (.sgd(value), amsgrad):
            let sMax = sMax.baseAddress
            for i in 0..<n {
                let (theta, mi, si) = moments(i)
                if amsgrad {
                    let old = sMax![i]
                    sMax![i] = (si > old || si.isNaN) ? si : old
                }
                p[i] = M.madd(value, mi, theta)                         // p.add_(m, alpha=value)
            }
        case let (.none, amsgrad):
            let sMax = sMax.baseAddress
            for i in 0..<n {
                let (theta, _, si) = moments(i)
                if amsgrad {
                    let old = sMax![i]
                    sMax![i] = (si > old || si.isNaN) ? si : old
                }
                p[i] = theta
            }
        }
    }
}
