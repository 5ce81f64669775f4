import ODE

extension NBodyGravity: ForwardDifferentiableVectorField {
    /// `J_y ẏ + J_p ṗ`, written out pairwise like the VJP: for a pair with `d = r_j − r_i`,
    /// `s² = |d|² + ε²` and `δd = δr_j − δr_i`, with `K = δd/s³ − 3 (d·δd) d / s⁵`,
    ///
    ///     δa_i += G m_j K + (G δm_j + δG m_j) d / s³,   δa_j −= G m_i K + (G δm_i + δG m_i) d / s³,
    ///
    /// and `δ(dr_i/dt) = δv_i`.
    @inlinable
    public func jacobianVectorProduct(t: Double, y: UnsafeBufferPointer<Double>, parameters p: UnsafeBufferPointer<Double>,
                                      stateTangent u: UnsafeBufferPointer<Double>, parameterTangent q: UnsafeBufferPointer<Double>,
                                      into out: UnsafeMutableBufferPointer<Double>) {
        let n = bodyCount, velocities = 3 * n
        let g = p[n], dG = q[n], eps2 = softening * softening
        for k in 0..<velocities { out[k] = u[velocities + k]; out[velocities + k] = 0 }
        for i in 0..<n {
            let mi = p[i], dmi = q[i]
            for j in (i + 1)..<n {
                let mj = p[j], dmj = q[j]
                let dx = y[3 * j] - y[3 * i], dyy = y[3 * j + 1] - y[3 * i + 1], dz = y[3 * j + 2] - y[3 * i + 2]
                let ex = u[3 * j] - u[3 * i], ey = u[3 * j + 1] - u[3 * i + 1], ez = u[3 * j + 2] - u[3 * i + 2]
                let s2 = dx * dx + dyy * dyy + dz * dz + eps2
                let inv3 = 1 / (s2 * s2.squareRoot())
                let inv5 = inv3 / s2
                let dDotE = dx * ex + dyy * ey + dz * ez
                let kx = ex * inv3 - 3 * dDotE * dx * inv5
                let ky = ey * inv3 - 3 * dDotE * dyy * inv5
                let kz = ez * inv3 - 3 * dDotE * dz * inv5
                let ci = (g * dmj + dG * mj) * inv3, cj = (g * dmi + dG * mi) * inv3
                let gi = g * mj, gj = g * mi
                out[velocities + 3 * i] += gi * kx + ci * dx
                out[velocities + 3 * i + 1] += gi * ky + ci * dyy
                out[velocities + 3 * i + 2] += gi * kz + ci * dz
                out[velocities + 3 * j] -= gj * kx + cj * dx
                out[velocities + 3 * j + 1] -= gj * ky + cj * dyy
                out[velocities + 3 * j + 2] -= gj * kz + cj * dz
            }
        }
    }
}
