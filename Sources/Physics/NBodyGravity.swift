import ODE

/// Newtonian gravity for `n` point masses in three dimensions, as a vector field.
///
/// State `y = [r_1 … r_n, v_1 … v_n]` (each a 3-vector, length `6n`);
/// parameters `p = [m_1 … m_n, G]` (length `n + 1`). With Plummer softening `ε`:
///
///     dr_i/dt = v_i,   dv_i/dt = G Σ_{j≠i} m_j (r_j − r_i) / (|r_j − r_i|² + ε²)^{3/2}.
///
/// The vector–Jacobian product with respect to the state, the masses and `G`
/// is written out by hand (pairwise, each pair visited once): for a pair with
/// `d = r_j − r_i`, `s² = |d|² + ε²` and cotangents `w_i, w_j` on `dv_i, dv_j`,
/// with `u = m_j w_i − m_i w_j`,
///
///     ∂/∂r_j += G (u / s³ − 3 (u·d) d / s⁵),   ∂/∂r_i −= the same,
///     ∂/∂m_j += G (w_i·d) / s³,   ∂/∂m_i −= G (w_j·d) / s³,   ∂/∂G += (m_j w_i − m_i w_j)·d / s³.
public struct NBodyGravity: DifferentiableVectorField, Sendable {
    /// Number of bodies.
    public let bodyCount: Int
    /// Plummer softening length ε (0 for exact Newtonian gravity).
    public let softening: Double

    public init(bodyCount: Int, softening: Double = 0) {
        precondition(bodyCount >= 1, "NBodyGravity needs at least one body")
        self.bodyCount = bodyCount
        self.softening = softening
    }

    public var dimension: Int { 6 * bodyCount }
    public var parameterCount: Int { bodyCount + 1 }

    /// Index of `G` in the parameter vector.
    public var gravitationalConstantIndex: Int { bodyCount }

    /// The parameter vector for given masses and `G`.
    public func parameters(masses: [Double], G: Double) -> [Double] { masses + [G] }

    @inlinable
    public func evaluate(t: Double, y: UnsafeBufferPointer<Double>, parameters p: UnsafeBufferPointer<Double>,
                         into dy: UnsafeMutableBufferPointer<Double>) {
        let n = bodyCount, velocities = 3 * n
        let g = p[n], eps2 = softening * softening
        if n == 3 {
            evaluateThreeBodies(y: y.baseAddress!, masses: p.baseAddress!, g: g, eps2: eps2, into: dy.baseAddress!)
            return
        }
        for k in 0..<velocities { dy[k] = y[velocities + k]; dy[velocities + k] = 0 }
        for i in 0..<n {
            let xi = y[3 * i], yi = y[3 * i + 1], zi = y[3 * i + 2]
            let mi = p[i]
            for j in (i + 1)..<n {
                let dx = y[3 * j] - xi, dyy = y[3 * j + 1] - yi, dz = y[3 * j + 2] - zi
                let s2 = dx * dx + dyy * dyy + dz * dz + eps2
                let inv3 = g / (s2 * s2.squareRoot())
                let fi = p[j] * inv3, fj = mi * inv3
                dy[velocities + 3 * i] += fi * dx
                dy[velocities + 3 * i + 1] += fi * dyy
                dy[velocities + 3 * i + 2] += fi * dz
                dy[velocities + 3 * j] -= fj * dx
                dy[velocities + 3 * j + 1] -= fj * dyy
                dy[velocities + 3 * j + 2] -= fj * dz
            }
        }
    }

    /// The same field for three bodies, written out: every coordinate in a register,
    /// each output written once (the generic loop re-reads and re-writes `dy` through
    /// memory for every pair). Same pairwise formula and pair order as the loop.
    @inlinable @inline(__always)
    func evaluateThreeBodies(y: UnsafePointer<Double>, masses m: UnsafePointer<Double>, g: Double, eps2: Double,
                             into dy: UnsafeMutablePointer<Double>) {
        let x0 = y[0], y0 = y[1], z0 = y[2]
        let x1 = y[3], y1 = y[4], z1 = y[5]
        let x2 = y[6], y2 = y[7], z2 = y[8]
        let m0 = m[0], m1 = m[1], m2 = m[2]
        // Pair (0, 1), (0, 2), (1, 2): d = r_j − r_i, g / s³.
        let dx01 = x1 - x0, dy01 = y1 - y0, dz01 = z1 - z0
        let dx02 = x2 - x0, dy02 = y2 - y0, dz02 = z2 - z0
        let dx12 = x2 - x1, dy12 = y2 - y1, dz12 = z2 - z1
        let s01 = dx01 * dx01 + dy01 * dy01 + dz01 * dz01 + eps2
        let s02 = dx02 * dx02 + dy02 * dy02 + dz02 * dz02 + eps2
        let s12 = dx12 * dx12 + dy12 * dy12 + dz12 * dz12 + eps2
        let i01 = g / (s01 * s01.squareRoot())
        let i02 = g / (s02 * s02.squareRoot())
        let i12 = g / (s12 * s12.squareRoot())
        for k in 0..<9 { dy[k] = y[9 + k] }
        let a01 = m1 * i01, a10 = m0 * i01, a02 = m2 * i02, a20 = m0 * i02, a12 = m2 * i12, a21 = m1 * i12
        dy[9] = a01 * dx01 + a02 * dx02
        dy[10] = a01 * dy01 + a02 * dy02
        dy[11] = a01 * dz01 + a02 * dz02
        dy[12] = a12 * dx12 - a10 * dx01
        dy[13] = a12 * dy12 - a10 * dy01
        dy[14] = a12 * dz12 - a10 * dz01
        dy[15] = -(a20 * dx02) - a21 * dx12
        dy[16] = -(a20 * dy02) - a21 * dy12
        dy[17] = -(a20 * dz02) - a21 * dz12
    }

    @inlinable
    public func vectorJacobianProduct(t: Double, y: UnsafeBufferPointer<Double>, parameters p: UnsafeBufferPointer<Double>,
                                      cotangent v: UnsafeBufferPointer<Double>,
                                      stateCotangent gy: UnsafeMutableBufferPointer<Double>,
                                      parameterCotangent gp: UnsafeMutableBufferPointer<Double>) {
        let n = bodyCount, velocities = 3 * n
        let g = p[n], eps2 = softening * softening
        // dr_i/dt = v_i: the position-rate cotangent flows to the velocities.
        for k in 0..<velocities { gy[velocities + k] += v[k] }
        var dG = 0.0
        for i in 0..<n {
            let mi = p[i]
            let wix = v[velocities + 3 * i], wiy = v[velocities + 3 * i + 1], wiz = v[velocities + 3 * i + 2]
            for j in (i + 1)..<n {
                let mj = p[j]
                let wjx = v[velocities + 3 * j], wjy = v[velocities + 3 * j + 1], wjz = v[velocities + 3 * j + 2]
                let dx = y[3 * j] - y[3 * i], dyy = y[3 * j + 1] - y[3 * i + 1], dz = y[3 * j + 2] - y[3 * i + 2]
                let s2 = dx * dx + dyy * dyy + dz * dz + eps2
                let inv3 = 1 / (s2 * s2.squareRoot())
                let inv5 = inv3 / s2
                let ux = mj * wix - mi * wjx, uy = mj * wiy - mi * wjy, uz = mj * wiz - mi * wjz
                let uDotD = ux * dx + uy * dyy + uz * dz
                let hx = g * (ux * inv3 - 3 * uDotD * dx * inv5)
                let hy = g * (uy * inv3 - 3 * uDotD * dyy * inv5)
                let hz = g * (uz * inv3 - 3 * uDotD * dz * inv5)
                gy[3 * j] += hx; gy[3 * j + 1] += hy; gy[3 * j + 2] += hz
                gy[3 * i] -= hx; gy[3 * i + 1] -= hy; gy[3 * i + 2] -= hz
                let wiDotD = wix * dx + wiy * dyy + wiz * dz
                let wjDotD = wjx * dx + wjy * dyy + wjz * dz
                gp[j] += g * wiDotD * inv3
                gp[i] -= g * wjDotD * inv3
                dG += uDotD * inv3
            }
        }
        gp[n] += dG
    }
}
