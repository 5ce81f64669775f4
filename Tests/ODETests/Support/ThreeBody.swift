import ODE

/// Newtonian three-body gravity, state `[r1, r2, r3, v1, v2, v3]` (3-vectors), masses as
/// parameters. Test support only: the real N-body field lives in the Physics module.
struct ThreeBodyField: VectorField {
    let dimension = 18
    let parameterCount = 3
    var g = 1.0

    func evaluate(t: Double, y: UnsafeBufferPointer<Double>, parameters m: UnsafeBufferPointer<Double>,
                  into dy: UnsafeMutableBufferPointer<Double>) {
        for i in 0..<9 { dy[i] = y[9 + i]; dy[9 + i] = 0 }
        for i in 0..<3 {
            for j in (i + 1)..<3 {
                let dx = y[3 * j] - y[3 * i], dyy = y[3 * j + 1] - y[3 * i + 1], dz = y[3 * j + 2] - y[3 * i + 2]
                let r2 = dx * dx + dyy * dyy + dz * dz
                let inv = g / (r2 * r2.squareRoot())
                dy[9 + 3 * i] += m[j] * dx * inv; dy[9 + 3 * i + 1] += m[j] * dyy * inv; dy[9 + 3 * i + 2] += m[j] * dz * inv
                dy[9 + 3 * j] -= m[i] * dx * inv; dy[9 + 3 * j + 1] -= m[i] * dyy * inv; dy[9 + 3 * j + 2] -= m[i] * dz * inv
            }
        }
    }

    /// Total energy `Σ ½ mᵢ|vᵢ|² − G Σ mᵢmⱼ/rᵢⱼ`.
    func energy<C: RandomAccessCollection<Double>>(_ y: C, masses m: [Double]) -> Double where C.Index == Int {
        let s = y.startIndex
        var e = 0.0
        for i in 0..<3 {
            let vx = y[s + 9 + 3 * i], vy = y[s + 10 + 3 * i], vz = y[s + 11 + 3 * i]
            e += 0.5 * m[i] * (vx * vx + vy * vy + vz * vz)
            for j in (i + 1)..<3 {
                let dx = y[s + 3 * j] - y[s + 3 * i], dyy = y[s + 3 * j + 1] - y[s + 3 * i + 1]
                let dz = y[s + 3 * j + 2] - y[s + 3 * i + 2]
                e -= g * m[i] * m[j] / (dx * dx + dyy * dyy + dz * dz).squareRoot()
            }
        }
        return e
    }
}

/// Initial conditions from /work/shared/reference/three_body_presets.json.
enum ThreeBodyPreset {
    /// Chenciner & Montgomery (2000) figure-eight choreography, G = 1, unit masses.
    static let figureEightMasses: [Double] = [1, 1, 1]
    static let figureEightPeriod = 6.32591398
    static let figureEight: [Double] = [
        0.97000436, -0.24308753, 0, -0.97000436, 0.24308753, 0, 0, 0, 0,
        0.466203685, 0.43236573, 0, 0.466203685, 0.43236573, 0, -0.93240737, -0.86473146, 0,
    ]
    /// Burrau's Pythagorean problem: masses 3, 4, 5 at rest on a 3-4-5 triangle.
    static let pythagoreanMasses: [Double] = [3, 4, 5]
    static let pythagorean: [Double] = [1, 3, 0, -2, -1, 0, 1, -1, 0] + [Double](repeating: 0, count: 9)
}
