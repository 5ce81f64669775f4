import Randomness
import Foundation

/// Named three-body problems (facts in shared/reference/three_body_presets.json).
public enum ThreeBodyPreset: String, CaseIterable, Sendable {
    /// The figure-eight choreography (Chenciner & Montgomery 2000), period 6.32591398.
    case figureEight = "figure-eight"
    /// Burrau's problem (Szebehely & Peters 1967): masses 3, 4, 5 at rest on a
    /// 3-4-5 triangle; close encounters, then an ejection near t = 60–70.
    case pythagorean
    /// The ACA paper's experiment (Zhuang et al. 2020), masses 1.1, 1.1, 0.9, in
    /// its equivalent Newtonian form: G = K1·K2, velocities u = K2·v.
    case acaPaper = "aca-paper"
    /// Lagrange's equilateral solution: equal unit masses on a unit triangle rotating rigidly.
    case lagrange
    /// Random bound systems from a seed; see ``randomConfiguration(seed:index:)``.
    case random

    /// The recipe of ``randomConfiguration(seed:index:)`` in one line (the `random_recipe` attribute of datasets).
    public static let randomRecipe = "masses U[0.8,1.2]; positions U[-1,1]^3; velocities N(0,0.3^2); centre-of-mass frame; accepted if E < 0 and min separation >= 0.3"

    /// The ACA paper's nondimensionalisation constants.
    public static let acaK1 = 0.20048437269236738
    public static let acaK2 = 7.239323869320315

    /// The configuration; `seed` and `index` matter only for `.random`.
    public func configuration(seed: UInt64 = 0, index: Int = 0) -> NBodyConfiguration {
        switch self {
        case .figureEight:
            let x = 0.97000436, y = -0.24308753, vx = 0.466203685, vy = 0.43236573
            return NBodyConfiguration(
                name: rawValue, masses: [1, 1, 1], G: 1,
                initialState: [x, y, 0, -x, -y, 0, 0, 0, 0, vx, vy, 0, vx, vy, 0, -2 * vx, -2 * vy, 0],
                period: 6.32591398)
        case .pythagorean:
            return NBodyConfiguration(
                name: rawValue, masses: [3, 4, 5], G: 1,
                initialState: [1, 3, 0, -2, -1, 0, 1, -1, 0] + [Double](repeating: 0, count: 9))
        case .acaPaper:
            let k2 = Self.acaK2
            let positions: [Double] = [0, 0.2, 0, 0.5, 0, 0.5, 0, 0, 0.5]
            let velocities: [Double] = [0, 0.1, 0, 0, 0, 0.1, 0.1, 0, 0]
            return NBodyConfiguration(name: rawValue, masses: [1.1, 1.1, 0.9], G: Self.acaK1 * k2,
                                      initialState: positions + velocities.map { k2 * $0 })
        case .lagrange:
            // Side a = 1, radius a/√3 about the centre; ω² = G M / a³ with M = 3.
            let radius = 1 / 3.0.squareRoot(), omega = 3.0.squareRoot()
            var positions: [Double] = [], velocities: [Double] = []
            for k in 0..<3 {
                let angle = Double.pi / 2 + 2 * Double.pi * Double(k) / 3
                positions += [radius * cos(angle), radius * sin(angle), 0]
                velocities += [-omega * radius * sin(angle), omega * radius * cos(angle), 0]
            }
            return NBodyConfiguration(name: rawValue, masses: [1, 1, 1], G: 1, initialState: positions + velocities,
                                      period: 2 * Double.pi / omega)
        case .random:
            return Self.randomConfiguration(seed: seed, index: index)
        }
    }

    /// A random bound three-body system, the same for the same `(seed, index)`.
    ///
    /// Recipe (drawn from the stream `SeededRandom(seed:stream:index)`, redrawn
    /// until accepted): masses uniform in [0.8, 1.2]; positions uniform in the
    /// cube [−1, 1]³; velocities normal with σ = 0.3 per component; then moved
    /// to the centre-of-mass frame. Accepted when the total energy is negative
    /// (G = 1) and no two bodies start closer than 0.3.
    public static func randomConfiguration(seed: UInt64, index: Int) -> NBodyConfiguration {
        var random = SeededRandom(seed: seed, stream: UInt64(index))
        while true {
            let masses = (0..<3).map { _ in random.uniform(0.8, 1.2) }
            let positions = (0..<9).map { _ in random.uniform(-1, 1) }
            let velocities = (0..<9).map { _ in 0.3 * random.normal() }
            let state = NBodyInvariants.centerOfMassFrame(state: positions + velocities, masses: masses)
            let invariants = NBodyInvariants(state: state, masses: masses, G: 1)
            var closest = Double.infinity
            for i in 0..<3 {
                for j in (i + 1)..<3 {
                    let d = (0..<3).map { state[3 * j + $0] - state[3 * i + $0] }
                    closest = min(closest, (d[0] * d[0] + d[1] * d[1] + d[2] * d[2]).squareRoot())
                }
            }
            if invariants.energy < 0 && closest >= 0.3 {
                return NBodyConfiguration(name: "random", masses: masses, G: 1, initialState: state)
            }
        }
    }
}
