import Foundation
import ODE

/// A damped pendulum, parameters `[b, g/L]`: `θ' = ω`, `ω' = −bω − (g/L) sin θ`.
public struct DampedPendulum: DifferentiableVectorField, Sendable {
    public init() {}
    public var dimension: Int { 2 }
    public var parameterCount: Int { 2 }
    public static let defaultParameters: [Double] = [0.2, 1.0]

    @inlinable
    public func evaluate(t: Double, y: UnsafeBufferPointer<Double>, parameters p: UnsafeBufferPointer<Double>,
                         into dy: UnsafeMutableBufferPointer<Double>) {
        dy[0] = y[1]
        dy[1] = -p[0] * y[1] - p[1] * sin(y[0])
    }

    @inlinable
    public func vectorJacobianProduct(t: Double, y: UnsafeBufferPointer<Double>, parameters p: UnsafeBufferPointer<Double>,
                                      cotangent v: UnsafeBufferPointer<Double>,
                                      stateCotangent gy: UnsafeMutableBufferPointer<Double>,
                                      parameterCotangent gp: UnsafeMutableBufferPointer<Double>) {
        gy[0] += -p[1] * cos(y[0]) * v[1]
        gy[1] += v[0] - p[0] * v[1]
        gp[0] -= y[1] * v[1]
        gp[1] -= sin(y[0]) * v[1]
    }
}
