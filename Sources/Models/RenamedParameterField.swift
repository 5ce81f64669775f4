import ODE

/// A field with its parameters named anew (same values, same order): the spiral system is
/// `LinearSystem(dimension: 2)`, but its data files and reports call the matrix entries
/// `a11, a12, a21, a22`, so its fits must too.
public struct RenamedParameterField<Base: DifferentiableVectorField & Sendable>: DifferentiableVectorField, ParameterNaming, Sendable {
    public let base: Base
    public let parameterBlocks: [ParameterBlock]

    /// One scalar block per name; `names.count` must equal the base's parameter count.
    public init(base: Base, scalarNames names: [String]) {
        precondition(names.count == base.parameterCount, "RenamedParameterField: \(names.count) names for \(base.parameterCount) parameters")
        self.base = base
        parameterBlocks = ParameterBlock.scalars(names)
    }

    public var dimension: Int { base.dimension }
    public var parameterCount: Int { base.parameterCount }
    public var isAutonomous: Bool { base.isAutonomous }

    @inlinable
    public func evaluate(t: Double, y: UnsafeBufferPointer<Double>, parameters: UnsafeBufferPointer<Double>,
                         into dy: UnsafeMutableBufferPointer<Double>) {
        base.evaluate(t: t, y: y, parameters: parameters, into: dy)
    }

    @inlinable
    public func vectorJacobianProduct(t: Double, y: UnsafeBufferPointer<Double>, parameters: UnsafeBufferPointer<Double>,
                                      cotangent v: UnsafeBufferPointer<Double>,
                                      stateCotangent: UnsafeMutableBufferPointer<Double>,
                                      parameterCotangent: UnsafeMutableBufferPointer<Double>) {
        base.vectorJacobianProduct(t: t, y: y, parameters: parameters, cotangent: v,
                                   stateCotangent: stateCotangent, parameterCotangent: parameterCotangent)
    }
}

extension RenamedParameterField: TimeDifferentiableVectorField where Base: TimeDifferentiableVectorField {
    /// The base's `∂f/∂t` (renaming changes no values).
    @inlinable
    public func timeDerivative(t: Double, y: UnsafeBufferPointer<Double>, parameters: UnsafeBufferPointer<Double>,
                               into out: UnsafeMutableBufferPointer<Double>) {
        base.timeDerivative(t: t, y: y, parameters: parameters, into: out)
    }
}
