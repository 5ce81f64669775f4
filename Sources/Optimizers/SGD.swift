/// Stochastic gradient descent with momentum, as `torch.optim.SGD` computes it:
///
///     g ← g + λθ;   b ← g (first step) or μb + (1−τ)g;   d = g + μb (Nesterov) or b;   θ ← θ − αd
///
/// The momentum buffer b is taken from the first gradient, so state at step 0 has an all-zero, unused buffer.
public struct SGD: Optimizer {
    public let configuration: SGDConfiguration
    public let parameterCount: Int
    public private(set) var stepCount: Int = 0
    /// b (`momentum_buffer`); empty when momentum is 0.
    @usableFromInline var momentumBuffer: [Double]

    public init(configuration: SGDConfiguration, parameterCount: Int) throws(OptimizerError) {
        try configuration.validate()
        guard parameterCount >= 0 else {
            throw .invalidCombination(optimizer: "SGD", reason: "negative parameter count \(parameterCount)")
        }
        self.configuration = configuration
        self.parameterCount = parameterCount
        momentumBuffer = configuration.momentum != 0 ? Array(repeating: 0, count: parameterCount) : []
    }

    private var bufferNames: [String] { configuration.momentum != 0 ? ["momentum_buffer"] : [] }

    public var state: OptimizerState {
        OptimizerState(
            optimizer: configuration.optimizerName, step: stepCount,
            buffers: configuration.momentum != 0 ? [.init(name: "momentum_buffer", values: momentumBuffer)] : [],
            parameterCount: parameterCount)
    }

    public mutating func restore(_ state: OptimizerState) throws(OptimizerError) {
        let b = try state.validatedBuffers(
            optimizer: configuration.optimizerName, names: bufferNames, count: parameterCount)
        stepCount = state.step
        momentumBuffer = b.first ?? []
    }

    public mutating func step(
        parameters: UnsafeMutableBufferPointer<Double>, gradient: UnsafeBufferPointer<Double>,
        learningRate lr: Double
    ) {
        checkShapes(parameters, gradient, lr)
        let first = stepCount == 0
        stepCount += 1
        let c = configuration
        var b = momentumBuffer
        momentumBuffer = []
        b.withUnsafeMutableBufferPointer { b in
            switch c.rounding {
            case .separate: Self.kernel(SeparateMultiplyAdd.self, parameters, gradient, b, c, lr, first)
            case .fused: Self.kernel(FusedMultiplyAdd.self, parameters, gradient, b, c, lr, first)
            }
        }
        momentumBuffer = b
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
