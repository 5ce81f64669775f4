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
    /// Whether `f` does not depend on `t` (default `false`; see the extension).
    var isAutonomous: Bool { get }
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

extension VectorField {
    /// Whether `f` does not depend on `t`. The default is `false` (the safe answer): a field
    /// that ignores time says so, and methods that need `∂f/∂t` (the naive gradient, which
    /// differentiates the step sizes and so the stage times) can trust it.
    public var isAutonomous: Bool { false }
}

/// A differentiable field that also supplies Jacobian–vector products (forward mode):
/// `J_y ẏ + J_p ṗ`. Forward sensitivities (the residual Jacobian of least-squares fits)
/// use it when present, and fall back to Jacobian rows from VJPs otherwise.
public protocol ForwardDifferentiableVectorField: DifferentiableVectorField {
    /// Writes `∂f/∂y · stateTangent + ∂f/∂p · parameterTangent` into `out` (overwritten), at `(t, y; p)`.
    func jacobianVectorProduct(
        t: Double,
        y: UnsafeBufferPointer<Double>,
        parameters: UnsafeBufferPointer<Double>,
        stateTangent: UnsafeBufferPointer<Double>,
        parameterTangent: UnsafeBufferPointer<Double>,
        into out: UnsafeMutableBufferPointer<Double>
    )
}

/// A differentiable field that supplies `∂f/∂t` (needed where the stage times themselves
/// carry gradient: the naive method through the step-size control).
public protocol TimeDifferentiableVectorField: DifferentiableVectorField {
    /// Writes `∂f/∂t` at `(t, y; p)` into `out` (length `dimension`, overwritten).
    func timeDerivative(
        t: Double,
        y: UnsafeBufferPointer<Double>,
        parameters: UnsafeBufferPointer<Double>,
        into out: UnsafeMutableBufferPointer<Double>
    )
}
