import ODE

/// Newtonian gravity (``NBodyGravity``) in a fictitious time `s`, with the physical time `t`
/// carried as one more state component: a Sundman-type time transformation
/// (Sundman 1912; Hairer, Lubich & Wanner, *Geometric Numerical Integration*, §VIII.2)
///
///     dt/ds = g(r) = M₂ / W,   W = Σ_{i<j} m_i m_j / r_ij,   M₂ = Σ_{i<j} m_i m_j,
///
/// so `d[r, v, t]/ds = g · [v, a(r), 1]`. `g` is the mass-weighted harmonic mean of the
/// separations (with softening, `r_ij = (|r_j − r_i|² + ε²)^{1/2}`), proportional to the inverse
/// of the potential energy `−GW` — the choice `dt = ds/U` of Mikkola & Tanikawa (1999) and Preto &
/// Tremaine (1999). Near a close pair `g ∝ r`, so an adaptive method's steps in `s` no longer
/// crowd at pericentre. Measured on the random three-body preset (Benchmarks/results/generation.md):
/// DOP853 needs ≈ 1.5× fewer evaluations than in physical time for the same accuracy.
///
/// State `[r_1 … r_n, v_1 … v_n, t]` (length `6n + 1`); parameters those of ``NBodyGravity``
/// (`[m_1 … m_n, G]`). Solve it with ``SolveOptions/clock`` = ``clockIndex`` to save states at
/// physical times. Autonomous: `s` itself is never read.
public struct SundmanNBodyGravity: VectorField, Sendable {
    /// The field in physical time.
    public let gravity: NBodyGravity

    public init(bodyCount: Int, softening: Double = 0) {
        precondition(bodyCount >= 2, "SundmanNBodyGravity needs at least two bodies (g is a mean of separations)")
        gravity = NBodyGravity(bodyCount: bodyCount, softening: softening)
    }

    public var bodyCount: Int { gravity.bodyCount }
    public var dimension: Int { 6 * gravity.bodyCount + 1 }
    public var parameterCount: Int { gravity.parameterCount }
    /// The state component that is the physical time.
    public var clockIndex: Int { 6 * gravity.bodyCount }

    @inlinable
    public func evaluate(t: Double, y: UnsafeBufferPointer<Double>, parameters p: UnsafeBufferPointer<Double>,
                         into dy: UnsafeMutableBufferPointer<Double>) {
        let n = gravity.bodyCount, velocities = 3 * n
        let g = p[n], eps2 = gravity.softening * gravity.softening
        if n == 3 {
            evaluateThreeBodies(y: y.baseAddress!, masses: p.baseAddress!, g: g, eps2: eps2, into: dy.baseAddress!)
            return
        }
        for k in 0..<velocities { dy[velocities + k] = 0 }
        var w = 0.0, m2 = 0.0
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
                w += (mi * p[j]) * (inv3 * s2)
                m2 += mi * p[j]
            }
        }
        let scale = (g * m2) / w
        for k in 0..<velocities {
            dy[k] = scale * y[velocities + k]
            dy[velocities + k] = scale * dy[velocities + k]
        }
        dy[2 * velocities] = scale
    }

    /// Three bodies written out; the operations, in order, of the lane kernels
    /// (`orrery_lanes_three_body_sundman_*`), so lanes equal this bit for bit.
    @inlinable @inline(__always)
    func evaluateThreeBodies(y: UnsafePointer<Double>, masses m: UnsafePointer<Double>, g: Double, eps2: Double,
                             into dy: UnsafeMutablePointer<Double>) {
        let x0 = y[0], y0 = y[1], z0 = y[2]
        let x1 = y[3], y1 = y[4], z1 = y[5]
        let x2 = y[6], y2 = y[7], z2 = y[8]
        let m0 = m[0], m1 = m[1], m2 = m[2]
        let dx01 = x1 - x0, dy01 = y1 - y0, dz01 = z1 - z0
        let dx02 = x2 - x0, dy02 = y2 - y0, dz02 = z2 - z0
        let dx12 = x2 - x1, dy12 = y2 - y1, dz12 = z2 - z1
        let s01 = dx01 * dx01 + dy01 * dy01 + dz01 * dz01 + eps2
        let s02 = dx02 * dx02 + dy02 * dy02 + dz02 * dz02 + eps2
        let s12 = dx12 * dx12 + dy12 * dy12 + dz12 * dz12 + eps2
        let i01 = g / (s01 * s01.squareRoot())
        let i02 = g / (s02 * s02.squareRoot())
        let i12 = g / (s12 * s12.squareRoot())
        let p01 = m0 * m1, p02 = m0 * m2, p12 = m1 * m2
        let w = (p01 * (i01 * s01) + p02 * (i02 * s02)) + p12 * (i12 * s12)
        let scale = (g * ((p01 + p02) + p12)) / w
        for k in 0..<9 { dy[k] = scale * y[9 + k] }
        let a01 = m1 * i01, a10 = m0 * i01, a02 = m2 * i02, a20 = m0 * i02, a12 = m2 * i12, a21 = m1 * i12
        dy[9] = scale * (a01 * dx01 + a02 * dx02)
        dy[10] = scale * (a01 * dy01 + a02 * dy02)
        dy[11] = scale * (a01 * dz01 + a02 * dz02)
        dy[12] = scale * (a12 * dx12 - a10 * dx01)
        dy[13] = scale * (a12 * dy12 - a10 * dy01)
        dy[14] = scale * (a12 * dz12 - a10 * dz01)
        dy[15] = scale * (-(a20 * dx02) - a21 * dx12)
        dy[16] = scale * (-(a20 * dy02) - a21 * dy12)
        dy[17] = scale * (-(a20 * dz02) - a21 * dz12)
        dy[18] = scale
    }

}
