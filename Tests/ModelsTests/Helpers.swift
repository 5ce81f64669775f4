import Randomness
import Models
import ODE

func randomVector(_ count: Int, _ random: inout SeededRandom, scale: Double = 1) -> [Double] {
    (0..<count).map { _ in scale * random.uniform(-1, 1) }
}

/// `f(t, y; p)` as an array.
func evaluate<F: VectorField>(_ field: F, t: Double = 0.3, _ y: [Double], _ p: [Double]) -> [Double] {
    var dy = [Double](repeating: .nan, count: field.dimension)
    y.withUnsafeBufferPointer { yb in p.withUnsafeBufferPointer { pb in
        dy.withUnsafeMutableBufferPointer { field.evaluate(t: t, y: yb, parameters: pb, into: $0) }
    } }
    return dy
}

/// `(vᵀ∂f/∂y, vᵀ∂f/∂p)` as arrays (starting from zero).
func vjp<F: DifferentiableVectorField>(_ field: F, t: Double = 0.3, _ y: [Double], _ p: [Double], _ v: [Double]) -> ([Double], [Double]) {
    var gy = [Double](repeating: 0, count: field.dimension), gp = [Double](repeating: 0, count: field.parameterCount)
    y.withUnsafeBufferPointer { yb in p.withUnsafeBufferPointer { pb in v.withUnsafeBufferPointer { vb in
        gy.withUnsafeMutableBufferPointer { gyb in gp.withUnsafeMutableBufferPointer { gpb in
            field.vectorJacobianProduct(t: t, y: yb, parameters: pb, cotangent: vb, stateCotangent: gyb, parameterCotangent: gpb)
        } }
    } } }
    return (gy, gp)
}

/// Seeded Glorot parameters with the (zero) biases replaced by small random values, so that bias paths are exercised.
func randomizedParameters(_ field: MLPVectorField, seed: UInt64) -> [Double] {
    var p = field.initialParameters(seed: seed)
    var random = SeededRandom(seed: seed, stream: 99)
    for block in field.parameterBlocks where block.name.hasSuffix("bias") {
        for k in block.range { p[k] = random.uniform(-0.5, 0.5) }
    }
    return p
}
