/// A right-hand side `dy/dt = f(t, y; p)` of an ordinary differential equation.
///
/// Parameters are passed in on every call, never captured, so the same field
/// serves every parameter value a fit visits and gradients with respect to the
/// parameters are well defined. `evaluate` writes into a caller-owned buffer and
/// must not allocate: it is the innermost call of every solver.
public protocol VectorField {
    /// Length of the state vector `y`.
    var dimension: Int { get }
    /// Length of the parameter vector `p` (0 if the field has none).
    var parameterCount: Int { get }
    /// Writes `f(t, y; p)` into `dy` (length `dimension`).
    func evaluate(
        t: Double,
        y: UnsafeBufferPointer<Double>,
        parameters: UnsafeBufferPointer<Double>,
        into dy: UnsafeMutableBufferPointer<Double>
    )
}

/// A vector field that also supplies its vector–Jacobian products.
///
/// There is deliberately no default implementation: a field that cannot
/// differentiate must not compile as differentiable.
public protocol DifferentiableVectorField: VectorField {
    /// Accumulates `vᵀ ∂f/∂y` into `stateCotangent` and `vᵀ ∂f/∂p` into
    /// `parameterCotangent` (both `+=`, never overwritten), at `(t, y; p)`.
    func vectorJacobianProduct(
        t: Double,
        y: UnsafeBufferPointer<Double>,
        parameters: UnsafeBufferPointer<Double>,
        cotangent v: UnsafeBufferPointer<Double>,
        stateCotangent: UnsafeMutableBufferPointer<Double>,
        parameterCotangent: UnsafeMutableBufferPointer<Double>
    )
}
