import ODE

/// `∂f/∂t` of the MLP: zero without `timeInput`; with it, the Jacobian column of the time
/// input, by forward mode through the layers: `ż₀ = W₀[:, d]`, `ḣₗ = σ'(zₗ) ⊙ żₗ`,
/// `żₗ₊₁ = Wₗ₊₁ ḣₗ`, `∂f/∂t = outputScale · W_L ḣ_{L−1}` (`d` = state dimension, the
/// index of `t` in the input). One forward pass of values plus one of tangents.
extension MLPVectorField: TimeDifferentiableVectorField {
    /// `true` unless `t` is an input.
    public var isAutonomous: Bool { !timeInput }

    @inlinable
    public func timeDerivative(t: Double, y: UnsafeBufferPointer<Double>, parameters p: UnsafeBufferPointer<Double>,
                               into out: UnsafeMutableBufferPointer<Double>) {
        for i in 0..<stateDimension { out[i] = 0 }
        addTimeDerivative(t: t, y: y, parameters: p, into: out)
    }

    /// Adds `∂f/∂t` to `out` (for sums of fields, e.g. ``HybridVectorField``).
    @inlinable
    public func addTimeDerivative(t: Double, y: UnsafeBufferPointer<Double>, parameters p: UnsafeBufferPointer<Double>,
                                  into out: UnsafeMutableBufferPointer<Double>) {
        guard timeInput else { return }
        let d = stateDimension, inputCount = layerSizes[0], width = maxWidth, last = layerCount - 1
        // Scratch: x | value a | value b | z | tangent a | tangent b.
        Scratch.withDoubles(inputCount + 5 * width) { x in
            for k in 0..<d { x[k] = y[k] }
            x[d] = t
            let theta = p.baseAddress!
            var value = x + inputCount, spareValue = value + width
            let z = spareValue + width
            var tangent = z + width, spareTangent = tangent + width
            var input = UnsafePointer(x), fanIn = inputCount
            var inputTangent: UnsafePointer<Double>? = nil  // nil: the unit vector on t
            for l in 0..<last {
                let fanOut = layerSizes[l + 1]
                let w = theta + layerOffsets[l], b = w + fanOut * fanIn
                DenseKernels.affine(w, b, input, fanIn: fanIn, fanOut: fanOut, into: z)
                activation.apply(z, into: value, count: fanOut)
                for i in 0..<fanOut {
                    tangent[i] = inputTangent.map { DenseKernels.dot(w + i * fanIn, $0, fanIn) } ?? w[i * fanIn + d]
                }
                activation.multiplyByDerivative(tangent, z: z, h: value, count: fanOut)
                input = UnsafePointer(value)
                inputTangent = UnsafePointer(tangent)
                swap(&value, &spareValue)
                swap(&tangent, &spareTangent)
                fanIn = fanOut
            }
            let w = theta + layerOffsets[last], scale = outputScale
            for i in 0..<d {
                let column = inputTangent.map { DenseKernels.dot(w + i * fanIn, $0, fanIn) } ?? w[i * fanIn + d]
                out[i] += scale * column
            }
        }
    }
}
