/// Conserved quantities of an N-body state `[r_1 … r_n, v_1 … v_n]`.
///
/// Energy uses the same Plummer softening as ``NBodyGravity``, so it is
/// conserved by the softened dynamics too.
public struct NBodyInvariants: Sendable, Equatable {
    public let energy: Double
    public let kineticEnergy: Double
    public let potentialEnergy: Double
    public let linearMomentum: [Double]
    public let angularMomentum: [Double]
    public let centerOfMass: [Double]
    public let centerOfMassVelocity: [Double]

    public init(state y: [Double], masses m: [Double], G: Double, softening: Double = 0) {
        let n = m.count
        precondition(y.count == 6 * n, "state length \(y.count) does not match \(n) bodies")
        let totalMass = m.reduce(0, +)
        var kinetic = 0.0, potential = 0.0
        var p = [0.0, 0.0, 0.0], l = [0.0, 0.0, 0.0], com = [0.0, 0.0, 0.0]
        for i in 0..<n {
            let r = Array(y[(3 * i)..<(3 * i + 3)]), v = Array(y[(3 * n + 3 * i)..<(3 * n + 3 * i + 3)])
            kinetic += 0.5 * m[i] * (v[0] * v[0] + v[1] * v[1] + v[2] * v[2])
            for k in 0..<3 { p[k] += m[i] * v[k]; com[k] += m[i] * r[k] / totalMass }
            l[0] += m[i] * (r[1] * v[2] - r[2] * v[1])
            l[1] += m[i] * (r[2] * v[0] - r[0] * v[2])
            l[2] += m[i] * (r[0] * v[1] - r[1] * v[0])
            for j in (i + 1)..<n {
                let dx = y[3 * j] - r[0], dy = y[3 * j + 1] - r[1], dz = y[3 * j + 2] - r[2]
                potential -= G * m[i] * m[j] / (dx * dx + dy * dy + dz * dz + softening * softening).squareRoot()
            }
        }
        kineticEnergy = kinetic
        potentialEnergy = potential
        energy = kinetic + potential
        linearMomentum = p
        angularMomentum = l
        centerOfMass = com
        centerOfMassVelocity = p.map { $0 / totalMass }
    }

    /// The same state seen from the centre-of-mass frame (centre of mass at rest at the origin).
    public static func centerOfMassFrame(state y: [Double], masses m: [Double]) -> [Double] {
        let n = m.count, totalMass = m.reduce(0, +)
        var com = [0.0, 0.0, 0.0], vcom = [0.0, 0.0, 0.0]
        for i in 0..<n {
            for k in 0..<3 {
                com[k] += m[i] * y[3 * i + k] / totalMass
                vcom[k] += m[i] * y[3 * n + 3 * i + k] / totalMass
            }
        }
        var shifted = y
        for i in 0..<n {
            for k in 0..<3 {
                shifted[3 * i + k] -= com[k]
                shifted[3 * n + 3 * i + k] -= vcom[k]
            }
        }
        return shifted
    }
}
