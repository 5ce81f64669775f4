/// Newtonian three-body gravity for the benchmark, state `[r1, r2, r3, v1, v2, v3]`,
/// masses as parameters. (Benchmark support; the product N-body field lives in Physics.)
import ODE

struct ThreeBodyField: VectorField {
    let dimension = 18
    let parameterCount = 3
    let g: Double

    @inline(__always)
    func evaluate(t: Double, y: UnsafeBufferPointer<Double>, parameters m: UnsafeBufferPointer<Double>,
                  into dy: UnsafeMutableBufferPointer<Double>) {
        for i in 0..<9 { dy[i] = y[9 + i]; dy[9 + i] = 0 }
        for i in 0..<3 {
            for j in (i + 1)..<3 {
                let dx = y[3 * j] - y[3 * i], dyy = y[3 * j + 1] - y[3 * i + 1], dz = y[3 * j + 2] - y[3 * i + 2]
                let r2 = dx * dx + dyy * dyy + dz * dz
                let inv = g / (r2 * r2.squareRoot())
                let mi = m[i] * inv, mj = m[j] * inv
                dy[9 + 3 * i] += mj * dx; dy[10 + 3 * i] += mj * dyy; dy[11 + 3 * i] += mj * dz
                dy[9 + 3 * j] -= mi * dx; dy[10 + 3 * j] -= mi * dyy; dy[11 + 3 * j] -= mi * dz
            }
        }
    }

    func energy(_ y: ArraySlice<Double>, masses m: [Double]) -> Double {
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
