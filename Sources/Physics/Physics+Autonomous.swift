import ODE

// Every built-in physical field is autonomous: `f` does not depend on `t`. Saying so lets
// the naive gradient (which differentiates the stage times `t + cⱼh`) trust `∂f/∂t = 0`,
// and the `TimeDifferentiableVectorField` conformances (writing zeros) let wrappers such as
// `HybridVectorField` supply `∂f/∂t` when their other part depends on time.

/// Writes zeros: `∂f/∂t` of an autonomous field.
@inlinable
func zeroTimeDerivative(_ out: UnsafeMutableBufferPointer<Double>) {
    for i in 0..<out.count { out[i] = 0 }
}

extension NBodyGravity: TimeDifferentiableVectorField {
    public var isAutonomous: Bool { true }
    /// Zero: gravity does not depend on `t`.
    @inlinable public func timeDerivative(t: Double, y: UnsafeBufferPointer<Double>, parameters: UnsafeBufferPointer<Double>,
                                          into out: UnsafeMutableBufferPointer<Double>) { zeroTimeDerivative(out) }
}

extension LotkaVolterra: TimeDifferentiableVectorField {
    public var isAutonomous: Bool { true }
    /// Zero: the field does not depend on `t`.
    @inlinable public func timeDerivative(t: Double, y: UnsafeBufferPointer<Double>, parameters: UnsafeBufferPointer<Double>,
                                          into out: UnsafeMutableBufferPointer<Double>) { zeroTimeDerivative(out) }
}

extension VanDerPol: TimeDifferentiableVectorField {
    public var isAutonomous: Bool { true }
    /// Zero: the field does not depend on `t`.
    @inlinable public func timeDerivative(t: Double, y: UnsafeBufferPointer<Double>, parameters: UnsafeBufferPointer<Double>,
                                          into out: UnsafeMutableBufferPointer<Double>) { zeroTimeDerivative(out) }
}

extension Lorenz: TimeDifferentiableVectorField {
    public var isAutonomous: Bool { true }
    /// Zero: the field does not depend on `t`.
    @inlinable public func timeDerivative(t: Double, y: UnsafeBufferPointer<Double>, parameters: UnsafeBufferPointer<Double>,
                                          into out: UnsafeMutableBufferPointer<Double>) { zeroTimeDerivative(out) }
}

extension DampedPendulum: TimeDifferentiableVectorField {
    public var isAutonomous: Bool { true }
    /// Zero: the field does not depend on `t`.
    @inlinable public func timeDerivative(t: Double, y: UnsafeBufferPointer<Double>, parameters: UnsafeBufferPointer<Double>,
                                          into out: UnsafeMutableBufferPointer<Double>) { zeroTimeDerivative(out) }
}

extension LinearSystem: TimeDifferentiableVectorField {
    public var isAutonomous: Bool { true }
    /// Zero: the field does not depend on `t`.
    @inlinable public func timeDerivative(t: Double, y: UnsafeBufferPointer<Double>, parameters: UnsafeBufferPointer<Double>,
                                          into out: UnsafeMutableBufferPointer<Double>) { zeroTimeDerivative(out) }
}
