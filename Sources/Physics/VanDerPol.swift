import ODE

/// The van der Pol oscillator, parameter `[μ]`: `x' = y`, `y' = μ(1 − x²)y − x`.
public struct VanDerPol: DifferentiableVectorField, Sendable {
    public init() {}
    public var dimension: Int { 2 }
    public var parameterCount: Int { 1 }
    public static let defaultParameters: [Double] = [1.0]

    @inlinable
    public func evaluate(t: Double, y: UnsafeBufferPointer<Double>, parameters p: UnsafeBufferPointer<Double>,
                         into dy: UnsafeMutableBufferPointer<Double>) {
        dy[0] = y[1]
        dy[1] = p[0] * (1 - y[0] * y[0]) * y[1] - y[0]
    }

    @inlinable
    public func vectorJacobianProduct(t: Double, y: UnsafeBufferPointer<Double>, parameters p: UnsafeBufferPointer<Double>,
                                      cotangent v: UnsafeBufferPointer<Double>,
                                      stateCotangent gy: UnsafeMutableBufferPointer<Double>,
                                      parameterCotangent gp: UnsafeMutableBufferPointer<Double>) {
        let x = y[0], z = y[1], mu = p[0]
        gy[0] += v[1] * (-2 * mu * x * z - 1)
        gy[1] += v[0] + v[1] * mu * (1 - x * x)
        gp[0] += v[1] * (1 - x * x) * z
    }
}
