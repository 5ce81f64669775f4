import CKernels
import Randomness
import ODE

/// A neural vector field `f(t, y; θ)`: a multilayer perceptron with smooth hidden
/// activations and a linear output layer, as in neural ODEs (Chen, Rubanova,
/// Bettencourt & Duvenaud 2018, "Neural Ordinary Differential Equations").
///
/// Input `x = y` (or `x = [y, t]` with `timeInput`), hidden layers
/// `h_l = σ(W_l h_{l−1} + b_l)`, output `f = outputScale · (W_L h_{L−1} + b_L)`,
/// with output dimension equal to the state dimension.
///
/// **Parameter layout** (flat, one `Double` each): for each layer `l = 0 … L` in order,
/// first `W_l` row-major (`out × in`, element `(i, j)` at `offset + i·in + j`), then `b_l`
/// (`out`). Layer sizes are `[inputDimension] + hiddenWidths + [stateDimension]`.
/// ``parameterBlocks`` names them `layers.l.weight` and `layers.l.bias`.
///
/// **Initialisation** (``initialParameters(seed:)``): Glorot/Xavier-uniform weights
/// (Glorot & Bengio 2010), `W_ij ~ U(−a, a)` with `a = √(6 / (fan_in + fan_out))`,
/// and zero biases; drawn layer by layer, row-major, from ``SeededRandom`` — the same
/// seed gives the same parameters on every machine.
///
/// **VJP**: a hand-written reverse pass. The forward pass is recomputed into per-call
/// scratch (pre-activations `z_l` and activations `h_l`), then for `l = L … 0` with
/// `g_L = outputScale · v`: `∂b_l += g_l`, `∂W_l += g_l h_{l−1}ᵀ`, `g_{l−1} = (W_lᵀ g_l) ⊙ σ'(z_{l−1})`;
/// the state cotangent is the first `stateDimension` entries of `W_0ᵀ g_0`.
///
/// **Kernels**: evaluate and VJP run in `CKernels` (C, AVX-512 or AVX2+FMA when the CPU has them, chosen at
/// run time; vectorized activations; one state is a matrix–vector product, a batch —
/// ``evaluateBatch(t:states:count:parameters:into:)`` — matrix–matrix products). Their scratch is
/// per thread and grows only when a thread first needs more, so calls allocate nothing in steady
/// state; the value holds no mutable state, so one field may be evaluated from many threads at once.
public struct MLPVectorField: DifferentiableVectorField, ParameterNaming, Sendable, Equatable {
    /// Length of `y` and of `f`.
    public let stateDimension: Int
    /// Widths of the hidden layers (empty: an affine field `W y + b`).
    public let hiddenWidths: [Int]
    /// The hidden layers' activation.
    public let activation: Activation
    /// Whether `t` is appended to the input.
    public let timeInput: Bool
    /// A constant factor on the output layer (1: none). A small value makes the
    /// initial field gentle without changing the initialisation's distribution.
    public let outputScale: Double
    /// `[inputDimension] + hiddenWidths + [stateDimension]`.
    public let layerSizes: [Int]
    /// Offset of each layer's `W` in the flat parameter vector (its `b` follows `W`).
    public let layerOffsets: [Int]
    public let parameterCount: Int
    /// The largest layer size: the scratch for one cotangent vector.
    @usableFromInline let maxWidth: Int

    public init(stateDimension: Int, hiddenWidths: [Int], activation: Activation, timeInput: Bool = false,
                outputScale: Double = 1) {
        precondition(stateDimension >= 1, "MLPVectorField: state dimension must be at least 1")
        precondition(hiddenWidths.allSatisfy { $0 >= 1 }, "MLPVectorField: hidden widths must be positive")
        precondition(outputScale.isFinite, "MLPVectorField: output scale must be finite")
        self.stateDimension = stateDimension
        self.hiddenWidths = hiddenWidths
        self.activation = activation
        self.timeInput = timeInput
        self.outputScale = outputScale
        let sizes = [stateDimension + (timeInput ? 1 : 0)] + hiddenWidths + [stateDimension]
        layerSizes = sizes
        (layerOffsets, parameterCount) = DenseLayerLayout.offsets(layerSizes: sizes)
        maxWidth = sizes.max()!
    }

    public var dimension: Int { stateDimension }
    /// `stateDimension`, plus one with `timeInput`.
    public var inputDimension: Int { layerSizes[0] }
    /// Number of affine layers (hidden layers + the output layer).
    public var layerCount: Int { layerSizes.count - 1 }
    /// Multiply–adds in one evaluation (Σ in·out over layers).
    public var multiplyAddCount: Int { (0..<layerCount).reduce(0) { $0 + layerSizes[$1] * layerSizes[$1 + 1] } }

    /// Architecture as `2-64-64-2 tanh`, with `(t)` and the output scale when present.
    public var architecture: String {
        var text = layerSizes.map(String.init).joined(separator: "-") + " \(activation)"
        if timeInput { text += ", time input" }
        if outputScale != 1 { text += ", output scale \(outputScale)" }
        return text
    }

    /// Glorot-uniform weights, zero biases, from `SeededRandom(seed:)` (see the type's documentation).
    public func initialParameters(seed: UInt64) -> [Double] {
        var random = SeededRandom(seed: seed)
        var p = [Double](repeating: 0, count: parameterCount)
        for l in 0..<layerCount {
            let fanIn = layerSizes[l], fanOut = layerSizes[l + 1]
            let bound = glorotBound(layer: l)
            for k in 0..<(fanIn * fanOut) { p[layerOffsets[l] + k] = random.uniform(-bound, bound) }
        }
        return p
    }

    /// `√(6 / (fan_in + fan_out))` for layer `l`.
    public func glorotBound(layer l: Int) -> Double {
        (6 / Double(layerSizes[l] + layerSizes[l + 1])).squareRoot()
    }

    /// `layers.l.weight` (`[out, in]`) and `layers.l.bias` (`[out]`) for each layer.
    public var parameterBlocks: [ParameterBlock] {
        (0..<layerCount).flatMap { l -> [ParameterBlock] in
            let fanIn = layerSizes[l], fanOut = layerSizes[l + 1], w = layerOffsets[l]
            return [ParameterBlock(name: "layers.\(l).weight", range: w..<(w + fanOut * fanIn), shape: [fanOut, fanIn]),
                    ParameterBlock(name: "layers.\(l).bias", range: (w + fanOut * fanIn)..<(w + fanOut * fanIn + fanOut), shape: [fanOut])]
        }
    }

    // MARK: Evaluation

    @inlinable
    public func evaluate(t: Double, y: UnsafeBufferPointer<Double>, parameters p: UnsafeBufferPointer<Double>,
                         into dy: UnsafeMutableBufferPointer<Double>) {
        forward(t: t, y: y, parameters: p, output: dy.baseAddress!, accumulate: false)
    }

    /// Adds `f(t, y; θ)` to `dy` (for sums of fields, e.g. ``HybridVectorField``).
    @inlinable
    public func evaluate(t: Double, y: UnsafeBufferPointer<Double>, parameters p: UnsafeBufferPointer<Double>,
                         adding dy: UnsafeMutableBufferPointer<Double>) {
        forward(t: t, y: y, parameters: p, output: dy.baseAddress!, accumulate: true)
    }

    @inlinable
    func forward(t: Double, y: UnsafeBufferPointer<Double>, parameters p: UnsafeBufferPointer<Double>,
                 output: UnsafeMutablePointer<Double>, accumulate: Bool) {
        withKernelNetwork { net in
            ck_mlp_forward(net, t, y.baseAddress!, 1, p.baseAddress!, output, accumulate ? 1 : 0)
        }
    }

    /// Calls `body` with this network described for `CKernels` (no allocation: the sizes
    /// are the stored `layerSizes`).
    @inlinable @inline(__always)
    func withKernelNetwork<R>(_ body: (UnsafePointer<ck_mlp>) -> R) -> R {
        layerSizes.withUnsafeBufferPointer { sizes in
            var net = ck_mlp(sizes: sizes.baseAddress!, layer_count: layerCount, activation: activation.kernelCode,
                             time_input: timeInput ? 1 : 0, output_scale: outputScale)
            return withUnsafePointer(to: &net) { body($0) }
        }
    }

    // MARK: Vector–Jacobian product

    @inlinable
    public func vectorJacobianProduct(t: Double, y: UnsafeBufferPointer<Double>, parameters p: UnsafeBufferPointer<Double>,
                                      cotangent v: UnsafeBufferPointer<Double>,
                                      stateCotangent gy: UnsafeMutableBufferPointer<Double>,
                                      parameterCotangent gp: UnsafeMutableBufferPointer<Double>) {
        withKernelNetwork { net in
            ck_mlp_vjp(net, t, y.baseAddress!, 1, p.baseAddress!, v.baseAddress!, gy.baseAddress!, gp.baseAddress!)
        }
    }
}
