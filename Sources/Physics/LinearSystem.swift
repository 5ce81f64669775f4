import ODE

/// A linear system `dz/dt = A z` with `A` (d×d, row-major) as the parameters.
///
/// The default 2-D `A = [[-0.1, 2], [-2, -0.1]]` is the damped "spiral" of the
/// neural-ODE literature (Chen et al. 2018). VJP: `∂/∂z = Aᵀ v`, `∂/∂A_ij = v_i z_j`.
public struct LinearSystem: DifferentiableVectorField, Sendable {
    public let dimension: Int
    public var parameterCount: Int { dimension * dimension }

    public init(dimension: Int) { self.dimension = dimension }

    /// The spiral's matrix.
    public static let spiralMatrix: [Double] = [-0.1, 2, -2, -0.1]

    @inlinable
    public func evaluate(t: Double, y: UnsafeBufferPointer<Double>, parameters a: UnsafeBufferPointer<Double>,
                         into dy: UnsafeMutableBufferPointer<Double>) {
        let d = dimension
        for i in 0..<d {
            var sum = 0.0
            for j in 0..<d { sum += a[i * d + j] * y[j] }
            dy[i] = sum
        }
    }

    @inlinable
    public func vectorJacobianProduct(t: Double, y: UnsafeBufferPointer<Double>, parameters a: UnsafeBufferPointer<Double>,
                                      cotangent v: UnsafeBufferPointer<Double>,
                                      stateCotangent gy: UnsafeMutableBufferPointer<Double>,
                                      parameterCotangent gp: UnsafeMutableBufferPointer<Double>) {
        let d = dimension
        for i in 0..<d {
            let vi = v[i]
            for j in 0..<d {
                gy[j] += a[i * d + j] * vi
                gp[i * d + j] += vi * y[j]
            }
        }
    }
}
