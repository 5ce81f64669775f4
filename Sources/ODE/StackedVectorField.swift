/// `count` copies of a ``BatchVectorField`` presented as one system of dimension `count · d`:
/// state `Y = [y₁, …, y_B]` (row-major, lane `b` at `Y[b·d ..< (b+1)·d]`), `F(t, Y; p) = [f(t, y_b; p)]_b`,
/// all lanes sharing `t` and the parameters `p`.
///
/// This is how torchdiffeq and diffrax solve a batch of trajectories that share a time grid: one
/// step-size sequence for the whole batch, chosen by an error norm over every lane (Chen et al. 2018,
/// `odeint` on a batch; Kidger 2021, diffrax with a batched `y0`). Each stage is one
/// ``BatchVectorField/evaluateBatch(t:states:count:parameters:into:)`` and each VJP one
/// ``BatchVectorField/vectorJacobianProductBatch(t:states:count:parameters:cotangents:stateCotangents:parameterCotangent:)``,
/// so a neural field runs as matrix–matrix products. Every solver and gradient method (ACA, naive,
/// adjoint, forward sensitivities) works on it unchanged, and ACA is exact for the batched discrete
/// solve, since the recorded step sequence is what it differentiates (Zhuang et al. 2020).
public struct StackedVectorField<Field: BatchVectorField>: DifferentiableVectorField {
    /// The field of one lane.
    public let base: Field
    /// Number of lanes `B` (≥ 1).
    public let count: Int

    public init(base: Field, count: Int) {
        precondition(count >= 1, "StackedVectorField: count must be at least 1")
        self.base = base
        self.count = count
    }

    /// `count · base.dimension`.
    @inlinable public var dimension: Int { count * base.dimension }
    /// The lanes share the base field's parameters.
    @inlinable public var parameterCount: Int { base.parameterCount }
    @inlinable public var isAutonomous: Bool { base.isAutonomous }

    @inlinable
    public func evaluate(t: Double, y: UnsafeBufferPointer<Double>, parameters: UnsafeBufferPointer<Double>,
                         into dy: UnsafeMutableBufferPointer<Double>) {
        base.evaluateBatch(t: t, states: y, count: count, parameters: parameters, into: dy)
    }

    /// Lane `b`'s state cotangent gets `v_bᵀ ∂f/∂y (y_b)`; the parameter cotangent gets the sum over lanes.
    @inlinable
    public func vectorJacobianProduct(t: Double, y: UnsafeBufferPointer<Double>, parameters: UnsafeBufferPointer<Double>,
                                      cotangent v: UnsafeBufferPointer<Double>, stateCotangent: UnsafeMutableBufferPointer<Double>,
                                      parameterCotangent: UnsafeMutableBufferPointer<Double>) {
        base.vectorJacobianProductBatch(t: t, states: y, count: count, parameters: parameters, cotangents: v,
                                        stateCotangents: stateCotangent, parameterCotangent: parameterCotangent)
    }
}

extension StackedVectorField: Sendable where Field: Sendable {}

/// `∂F/∂t` lane by lane (the naive gradient through the step-size control of a non-autonomous field).
extension StackedVectorField: TimeDifferentiableVectorField where Field: TimeDifferentiableVectorField {
    @inlinable
    public func timeDerivative(t: Double, y: UnsafeBufferPointer<Double>, parameters: UnsafeBufferPointer<Double>,
                               into out: UnsafeMutableBufferPointer<Double>) {
        let n = base.dimension
        for b in 0..<count {
            let lane = (b * n)..<((b + 1) * n)
            base.timeDerivative(t: t, y: UnsafeBufferPointer(rebasing: y[lane]), parameters: parameters,
                                into: UnsafeMutableBufferPointer(rebasing: out[lane]))
        }
    }
}
