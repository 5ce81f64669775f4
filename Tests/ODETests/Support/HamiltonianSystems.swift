import Foundation
import ODE

/// Two uncoupled oscillators `H = Σ (pᵢ² + ωᵢ² qᵢ²)/2` with ω = (1, 2.5): exact solution known.
struct HarmonicOscillators: SeparableHamiltonianSystem {
    let degreesOfFreedom = 2
    let parameterCount = 0
    static let omega = [1.0, 2.5]

    func positionRate(p: UnsafeBufferPointer<Double>, parameters: UnsafeBufferPointer<Double>,
                      into dq: UnsafeMutableBufferPointer<Double>) {
        dq[0] = p[0]; dq[1] = p[1]
    }

    func momentumRate(t: Double, q: UnsafeBufferPointer<Double>, parameters: UnsafeBufferPointer<Double>,
                      into dp: UnsafeMutableBufferPointer<Double>) {
        for i in 0..<2 { dp[i] = -Self.omega[i] * Self.omega[i] * q[i] }
    }

    /// (q, p) at t from q(0) = (1, 0.5), p(0) = (0, 1).
    static func exact(_ t: Double) -> (q: [Double], p: [Double]) {
        let w = omega
        let q0 = [1.0, 0.5], p0 = [0.0, 1.0]
        var q = [Double](), p = [Double]()
        for i in 0..<2 {
            q.append(q0[i] * cos(w[i] * t) + p0[i] / w[i] * sin(w[i] * t))
            p.append(-q0[i] * w[i] * sin(w[i] * t) + p0[i] * cos(w[i] * t))
        }
        return (q, p)
    }
}

/// Three-body gravity as a separable Hamiltonian in velocity form (q = positions, p = velocities).
struct ThreeBodyHamiltonian: SeparableHamiltonianSystem {
    let degreesOfFreedom = 9
    let parameterCount = 3

    func positionRate(p: UnsafeBufferPointer<Double>, parameters: UnsafeBufferPointer<Double>,
                      into dq: UnsafeMutableBufferPointer<Double>) {
        for i in 0..<9 { dq[i] = p[i] }
    }

    func momentumRate(t: Double, q: UnsafeBufferPointer<Double>, parameters m: UnsafeBufferPointer<Double>,
                      into dp: UnsafeMutableBufferPointer<Double>) {
        for i in 0..<9 { dp[i] = 0 }
        for i in 0..<3 {
            for j in (i + 1)..<3 {
                let dx = q[3 * j] - q[3 * i], dy = q[3 * j + 1] - q[3 * i + 1], dz = q[3 * j + 2] - q[3 * i + 2]
                let r2 = dx * dx + dy * dy + dz * dz
                let inv = 1 / (r2 * r2.squareRoot())
                dp[3 * i] += m[j] * dx * inv; dp[3 * i + 1] += m[j] * dy * inv; dp[3 * i + 2] += m[j] * dz * inv
                dp[3 * j] -= m[i] * dx * inv; dp[3 * j + 1] -= m[i] * dy * inv; dp[3 * j + 2] -= m[i] * dz * inv
            }
        }
    }
}
