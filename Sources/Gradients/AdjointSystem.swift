import ODE

/// The continuous adjoint's augmented system `[z, a, g]` (length `2n + m`), in forward time:
/// `dz/dt = f(t, z)`, `da/dt = −aᵀ ∂f/∂z`, `dg/dt = −aᵀ ∂f/∂p` (Chen et al. 2018, eq. 4–5).
/// Integrated from `t₁` down to `t₀` it carries `a = ∂L/∂z` back and accumulates `g = ∂L/∂p`.
/// One evaluation costs one evaluation of `f` and one VJP.
public struct AdjointSystem<Field: DifferentiableVectorField>: VectorField {
    public let field: Field
    public init(field: Field) { self.field = field }

    public var dimension: Int { 2 * field.dimension + field.parameterCount }
    public var parameterCount: Int { field.parameterCount }

    @inlinable
    public func evaluate(t: Double, y: UnsafeBufferPointer<Double>, parameters: UnsafeBufferPointer<Double>,
                         into dy: UnsafeMutableBufferPointer<Double>) {
        let n = field.dimension, m = field.parameterCount
        let base = y.baseAddress!, out = dy.baseAddress!
        field.evaluate(t: t, y: UnsafeBufferPointer(start: base, count: n), parameters: parameters,
                       into: UnsafeMutableBufferPointer(start: out, count: n))
        for i in n..<(2 * n + m) { out[i] = 0 }
        field.vectorJacobianProduct(
            t: t, y: UnsafeBufferPointer(start: base, count: n), parameters: parameters,
            cotangent: UnsafeBufferPointer(start: base + n, count: n),
            stateCotangent: UnsafeMutableBufferPointer(start: out + n, count: n),
            parameterCotangent: UnsafeMutableBufferPointer(start: out + 2 * n, count: m))
        for i in n..<(2 * n + m) { out[i] = -out[i] }
    }
}

extension AdjointSystem: Sendable where Field: Sendable {}
