import CKernels
import Randomness

/// A multilayer perceptron `ℝⁿ → ℝᵐ` with smooth hidden activations and a linear output
/// layer: the network behind an `nn(name; inputs…)[k]` term of a universal differential
/// equation (Rackauckas et al. 2020, "Universal Differential Equations for Scientific
/// Machine Learning"), with its value, vector–Jacobian product and Jacobian–vector product.
///
/// Hidden layers `h_l = σ(W_l h_{l−1} + b_l)` with `h_{−1} = x`; output `W_L h_{L−1} + b_L`.
/// **Parameter layout** as ``MLPVectorField``: for each layer, `W_l` row-major (`out × in`)
/// then `b_l`; layer sizes `[inputCount] + hiddenWidths + [outputCount]`.
///
/// **Initialisation** (``initialParameters(random:)``): Glorot-uniform hidden weights (Glorot &
/// Bengio 2010), zero biases, and a **zero output layer**, so the network starts as exactly
/// 0 and the equations start as exactly their known physics — the "zero-initialised last
/// layer" of residual networks (Zhang, Dauphin & Ma 2019, "Fixup"; Bachlechner et al. 2020,
/// "ReZero"). The output layer's gradient `g hᵀ` is not zero there, so the first step moves
/// it and the hidden layers follow; a small random output layer instead would start the fit
/// from a model that is not the physics the user wrote.
///
/// Evaluate and VJP run in `CKernels` (per-thread scratch that grows only on a thread's first
/// larger need); the JVP works on raw pointers with per-call stack scratch (``Scratch``). No
/// shared mutable state.
public struct MultilayerPerceptron: Sendable, Equatable {
    public let inputCount: Int
    public let outputCount: Int
    public let hiddenWidths: [Int]
    public let activation: Activation
    /// `[inputCount] + hiddenWidths + [outputCount]`.
    public let layerSizes: [Int]
    /// Offset of each layer's `W` in the flat parameter vector (its `b` follows `W`).
    public let layerOffsets: [Int]
    public let parameterCount: Int
    /// The largest layer size.
    @usableFromInline let maxWidth: Int

    public init(inputCount: Int, outputCount: Int, hiddenWidths: [Int], activation: Activation) {
        precondition(inputCount >= 1 && outputCount >= 1, "MultilayerPerceptron: needs at least one input and one output")
        precondition(hiddenWidths.allSatisfy { $0 >= 1 }, "MultilayerPerceptron: hidden widths must be positive")
        self.inputCount = inputCount
        self.outputCount = outputCount
        self.hiddenWidths = hiddenWidths
        self.activation = activation
        let sizes = [inputCount] + hiddenWidths + [outputCount]
        layerSizes = sizes
        (layerOffsets, parameterCount) = DenseLayerLayout.offsets(layerSizes: sizes)
        maxWidth = sizes.max()!
    }

    /// Number of affine layers.
    public var layerCount: Int { layerSizes.count - 1 }

    /// `2-32-32-2 tanh`.
    public var architecture: String { layerSizes.map(String.init).joined(separator: "-") + " \(activation)" }

    /// Glorot-uniform hidden weights drawn layer by layer, row-major, from `random`; zero
    /// biases; zero output layer (see the type's documentation).
    public func initialParameters(random: inout SeededRandom) -> [Double] {
        var p = [Double](repeating: 0, count: parameterCount)
        for l in 0..<(layerCount - 1) {
            let fanIn = layerSizes[l], fanOut = layerSizes[l + 1]
            let bound = (6 / Double(fanIn + fanOut)).squareRoot()
            for k in 0..<(fanIn * fanOut) { p[layerOffsets[l] + k] = random.uniform(-bound, bound) }
        }
        return p
    }

    /// Writes the network's outputs for input `x` and weights `theta` into `out` (kernel: `CKernels`,
    /// one matrix–vector product per layer and vectorized activations).
    @inlinable
    public func evaluate(_ x: UnsafePointer<Double>, parameters theta: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>) {
        withKernelNetwork { net in ck_mlp_forward(net, 0, x, 1, theta, out, 0) }
    }

    /// Accumulates `vᵀ ∂out/∂x` into `gx` and `vᵀ ∂out/∂θ` into `gTheta` (both `+=`): the forward
    /// pass is recomputed keeping `z_l, h_l`, then `∂b_l += g_l`, `∂W_l += g_l h_{l−1}ᵀ`,
    /// `g_{l−1} = (W_lᵀ g_l) ⊙ σ'(z_{l−1})` from `g_L = v` (as ``MLPVectorField``; kernel: `CKernels`).
    @inlinable
    public func vectorJacobianProduct(_ x: UnsafePointer<Double>, parameters theta: UnsafePointer<Double>,
                                      cotangent v: UnsafePointer<Double>,
                                      inputCotangent gx: UnsafeMutablePointer<Double>,
                                      parameterCotangent gTheta: UnsafeMutablePointer<Double>) {
        withKernelNetwork { net in ck_mlp_vjp(net, 0, x, 1, theta, v, gx, gTheta) }
    }

    /// Calls `body` with this network described for `CKernels` (no time input, output scale 1).
    @inlinable @inline(__always)
    func withKernelNetwork<R>(_ body: (UnsafePointer<ck_mlp>) -> R) -> R {
        layerSizes.withUnsafeBufferPointer { sizes in
            var net = ck_mlp(sizes: sizes.baseAddress!, layer_count: layerCount, activation: activation.kernelCode,
                             time_input: 0, output_scale: 1)
            return withUnsafePointer(to: &net) { body($0) }
        }
    }

    /// Writes the outputs into `out` and `∂out/∂x·ẋ + ∂out/∂θ·θ̇` into `tangent` (nil tangents
    /// are zero), by forward mode: `ż_l = W_l ḣ_{l−1} + Ẇ_l h_{l−1} + ḃ_l`, `ḣ_l = σ'(z_l) ⊙ ż_l`.
    @inlinable
    public func jacobianVectorProduct(_ x: UnsafePointer<Double>, parameters theta: UnsafePointer<Double>,
                                      inputTangent xDot: UnsafePointer<Double>?, parameterTangent thetaDot: UnsafePointer<Double>?,
                                      into out: UnsafeMutablePointer<Double>, tangent outDot: UnsafeMutablePointer<Double>) {
        let width = maxWidth, last = layerCount - 1
        // Scratch: value a | value b | z | tangent a | tangent b.
        Scratch.withDoubles(5 * width) { buffer in
            var value = buffer, spareValue = buffer + width
            let z = buffer + 2 * width
            var tangent = buffer + 3 * width, spareTangent = buffer + 4 * width
            for k in 0..<inputCount {
                value[k] = x[k]
                tangent[k] = xDot?[k] ?? 0
            }
            var fanIn = inputCount
            for l in 0...last {
                let fanOut = layerSizes[l + 1], isOutput = l == last
                let w = theta + layerOffsets[l], b = w + fanOut * fanIn
                let zOut = isOutput ? out : z, zDot = isOutput ? outDot : spareTangent
                DenseKernels.affine(w, b, value, fanIn: fanIn, fanOut: fanOut, into: zOut)
                for i in 0..<fanOut { zDot[i] = DenseKernels.dot(w + i * fanIn, tangent, fanIn) }
                if let thetaDot {
                    let wDot = thetaDot + layerOffsets[l], bDot = wDot + fanOut * fanIn
                    for i in 0..<fanOut { zDot[i] += DenseKernels.dot(wDot + i * fanIn, value, fanIn) + bDot[i] }
                }
                if isOutput { break }
                activation.apply(z, into: spareValue, count: fanOut)
                activation.multiplyByDerivative(spareTangent, z: z, h: spareValue, count: fanOut)
                swap(&value, &spareValue)
                swap(&tangent, &spareTangent)
                fanIn = fanOut
            }
        }
    }
}
