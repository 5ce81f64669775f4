import ODE

/// Lotka–Volterra predator–prey dynamics, parameters `[α, β, δ, γ]`:
/// `x' = αx − βxy`, `y' = δxy − γy`.
public struct LotkaVolterra: DifferentiableVectorField, Sendable {
    public init() {}
    public var dimension: Int { 2 }
    public var parameterCount: Int { 4 }
    public static let defaultParameters: [Double] = [1.5, 1.0, 1.0, 3.0]

    @inlinable
    public func evaluate(t: Double, y: UnsafeBufferPointer<Double>, parameters p: UnsafeBufferPointer<Double>,
                         into dy: UnsafeMutableBufferPointer<Double>) {
        let x = y[0], z = y[1]
        dy[0] = p[0] * x - p[1] * x * z
        dy[1] = p[2] * x * z - p[3] * z
    }

    @inlinable
    public func vectorJacobianProduct(t: Double, y: UnsafeBufferPointer<Double>, parameters p: UnsafeBufferPointer<Double>,
                                      cotangent v: UnsafeBufferPointer<Double>,
                                      stateCotangent gy: UnsafeMutableBufferPointer<Double>,
                                      parameterCotangent gp: UnsafeMutableBufferPointer<Double>) {
        let x = y[0], z = y[1], v0 = v[0], v1 = v[1]
        gy[0] += v0 * (p[0] - p[1] * z) + v1 * p[2] * z
        gy[1] += -v0 * p[1] * x + v1 * (p[2] * x - p[3])
        gp[0] += v0 * x
        gp[1] -= v0 * x * z
        gp[2] += v1 * x * z
        gp[3] -= v1 * z
    }
}
