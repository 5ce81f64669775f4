import ODE

/// The Lorenz system, parameters `[σ, ρ, β]`:
/// `x' = σ(y − x)`, `y' = x(ρ − z) − y`, `z' = xy − βz`.
public struct Lorenz: DifferentiableVectorField, Sendable {
    public init() {}
    public var dimension: Int { 3 }
    public var parameterCount: Int { 3 }
    public static let defaultParameters: [Double] = [10, 28, 8.0 / 3.0]

    @inlinable
    public func evaluate(t: Double, y: UnsafeBufferPointer<Double>, parameters p: UnsafeBufferPointer<Double>,
                         into dy: UnsafeMutableBufferPointer<Double>) {
        dy[0] = p[0] * (y[1] - y[0])
        dy[1] = y[0] * (p[1] - y[2]) - y[1]
        dy[2] = y[0] * y[1] - p[2] * y[2]
    }

    @inlinable
    public func vectorJacobianProduct(t: Double, y: UnsafeBufferPointer<Double>, parameters p: UnsafeBufferPointer<Double>,
                                      cotangent v: UnsafeBufferPointer<Double>,
                                      stateCotangent gy: UnsafeMutableBufferPointer<Double>,
                                      parameterCotangent gp: UnsafeMutableBufferPointer<Double>) {
        let x = y[0], w = y[1], z = y[2]
        gy[0] += -p[0] * v[0] + (p[1] - z) * v[1] + w * v[2]
        gy[1] += p[0] * v[0] - v[1] + x * v[2]
        gy[2] += -x * v[1] - p[2] * v[2]
        gp[0] += (w - x) * v[0]
        gp[1] += x * v[1]
        gp[2] -= z * v[2]
    }
}
