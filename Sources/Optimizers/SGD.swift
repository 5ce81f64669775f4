/// Stochastic gradient descent with momentum, as `torch.optim.SGD` computes it:
///
///     g ← g + λθ;   b ← g (first step) or μb + (1−τ)g;   d = g + μb (Nesterov) or b;   θ ← θ − αd
///
/// The momentum buffer b is taken from the first gradient, so state at step 0 has an all-zero, unused buffer.
public struct SGD: Optimizer {
    public let configuration: SGDConfiguration
    /// b (`momentum_buffer`) when there is momentum, else no buffer (only the step count).
    public private(set) var moments: MomentBuffers
    public var parameterCount: Int { moments.parameterCount }
    public var stepCount: Int { moments.step }

    public init(configuration: SGDConfiguration, parameterCount: Int) throws(OptimizerError) {
        try configuration.validate()
        guard parameterCount >= 0 else {
            throw .invalidCombination(optimizer: "SGD", reason: "negative parameter count \(parameterCount)")
        }
        self.configuration = configuration
        moments = MomentBuffers(optimizer: configuration.optimizerName,
                                names: configuration.momentum != 0 ? ["momentum_buffer"] : [], parameterCount: parameterCount)
    }

    public var state: OptimizerState { moments.state }

    public mutating func restore(_ state: OptimizerState) throws(OptimizerError) { try moments.restore(state) }

    public mutating func step(
        parameters: UnsafeMutableBufferPointer<Double>, gradient: UnsafeBufferPointer<Double>,
        learningRate lr: Double
    ) {
        checkShapes(parameters, gradient, lr)
        let first = moments.step == 0
        moments.step += 1
        let c = configuration
        moments.withBuffers { b in
            switch c.rounding {
            case .separate: Self.kernel(SeparateMultiplyAdd.self, parameters, gradient, b[0], c, lr, first)
            case .fused: Self.kernel(FusedMultiplyAdd.self, parameters, gradient, b[0], c, lr, first)
            }
        }
    }

    @usableFromInline
    static func kernel<M: MultiplyAdd>(
        _: M.Type,
        _ p: UnsafeMutableBufferPointer<Double>, _ g: UnsafeBufferPointer<Double>,
        _ b: UnsafeMutableBufferPointer<Double>, _ c: SGDConfiguration, _ lr: Double, _ first: Bool
    ) {
        let n = p.count
        guard n > 0 else { return }
        let p = p.baseAddress!, g = g.baseAddress!
        let wd = c.weightDecay, mu = c.momentum, keep = 1 - c.dampening, nesterov = c.nesterov
        let minusLR = -lr
        guard mu != 0, let b = b.baseAddress else {
            for i in 0..<n {
                let gi = wd == 0 ? g[i] : M.madd(wd, p[i], g[i])
                p[i] = M.madd(minusLR, gi, p[i])                       // param.add_(grad, alpha=−lr)
            }
            return
        }
        for i in 0..<n {
            let gi = wd == 0 ? g[i] : M.madd(wd, p[i], g[i])           // grad.add(param, alpha=wd)
            let bi = first ? gi : M.madd(keep, gi, b[i] * mu)           // clone, or buf.mul_(μ).add_(g, alpha=1−τ)
            b[i] = bi
            let d = nesterov ? M.madd(mu, bi, gi) : bi                  // grad.add(buf, alpha=μ)
            p[i] = M.madd(minusLR, d, p[i])
        }
    }
}
