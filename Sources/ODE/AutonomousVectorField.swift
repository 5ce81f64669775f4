/// A field whose `f` does not depend on `t`: `∂f/∂t = 0`.
///
/// Conforming says so once: ``VectorField/isAutonomous`` is `true` and ``timeDerivative(t:y:parameters:into:)``
/// writes zeros, so the naive gradient (which differentiates the stage times `t + cⱼh`) can trust
/// `∂f/∂t = 0` and wrappers such as a hybrid model can supply `∂f/∂t` of their other part.
public protocol AutonomousVectorField: TimeDifferentiableVectorField {}

extension AutonomousVectorField {
    /// `true`: `f` does not depend on `t`.
    public var isAutonomous: Bool { true }

    /// Writes zeros: `∂f/∂t` of an autonomous field.
    @inlinable
    public func timeDerivative(t: Double, y: UnsafeBufferPointer<Double>, parameters: UnsafeBufferPointer<Double>,
                               into out: UnsafeMutableBufferPointer<Double>) {
        for i in 0..<out.count { out[i] = 0 }
    }
}
