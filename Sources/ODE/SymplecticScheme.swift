#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A symplectic splitting method for separable Hamiltonians, as data: one step of size `h`
/// is, for `i = 1…k`, a drift `q += cᵢ h ∂T/∂p(p)` followed by a kick `p += dᵢ h (−∂V/∂q)(q)`
/// (Yoshida 1990, "Construction of higher order symplectic integrators", Phys. Lett. A 150).
/// Validated at construction: `Σc = Σd = 1`.
public struct SymplecticScheme: Sendable, Hashable, CustomStringConvertible {
    public let name: String
    public let order: Int
    /// Drift coefficients `cᵢ`.
    public let drift: [Double]
    /// Kick coefficients `dᵢ`.
    public let kick: [Double]

    public init(name: String, order: Int, drift: [Double], kick: [Double]) throws(TableauError) {
        guard !drift.isEmpty, drift.count == kick.count else {
            throw .shapeMismatch(name: name, detail: "drift and kick need the same, non-zero length")
        }
        for (label, w) in [("drift", drift), ("kick", kick)] {
            let sum = w.reduce(0, +)
            guard abs(sum - 1) <= 1e-14 * magnitudeSum(w) else {
                throw .shapeMismatch(name: name, detail: "\(label) coefficients sum to \(sum), not 1")
            }
        }
        self.name = name
        self.order = order
        self.drift = drift
        self.kick = kick
    }

    /// Symmetric composition `Φ_{γ₁h} ∘ … ∘ Φ_{γₘh}` of the drift–kick–drift leapfrog,
    /// with adjacent half drifts merged: `c = (γ₁/2, (γ₁+γ₂)/2, …, γₘ/2)`, `d = (γ₁, …, γₘ, 0)`.
    public static func leapfrogComposition(name: String, order: Int, weights γ: [Double]) throws(TableauError) -> SymplecticScheme {
        var c = [γ[0] / 2], d: [Double] = []
        for i in 0..<γ.count {
            d.append(γ[i])
            c.append(i + 1 < γ.count ? (γ[i] + γ[i + 1]) / 2 : γ[i] / 2)
        }
        d.append(0)
        return try SymplecticScheme(name: name, order: order, drift: c, kick: d)
    }

    /// Störmer–Verlet / leapfrog, drift–kick–drift, order 2, one force evaluation per step.
    public static let leapfrog = try! SymplecticScheme(name: "leapfrog", order: 2, drift: [0.5, 0.5], kick: [1, 0])

    /// Velocity Verlet, kick–drift–kick, order 2; the closing kick's force is reused by the next step.
    public static let velocityVerlet = try! SymplecticScheme(name: "velocity_verlet", order: 2, drift: [0, 1], kick: [0.5, 0.5])

    /// Yoshida's 4th-order triple jump (also Forest & Ruth 1990): weights `w₁, w₀, w₁` with
    /// `w₁ = 1/(2 − 2^{1/3})`, `w₀ = −2^{1/3}/(2 − 2^{1/3})`; three force evaluations per step.
    public static let yoshida4: SymplecticScheme = {
        let cbrt2 = pow(2, 1.0 / 3)
        let w1 = 1 / (2 - cbrt2), w0 = -cbrt2 / (2 - cbrt2)
        return try! leapfrogComposition(name: "yoshida4", order: 4, weights: [w1, w0, w1])
    }()

    /// Yoshida's 6th-order composition, "solution A" (Yoshida 1990, Table 1): seven leapfrogs.
    public static let yoshida6: SymplecticScheme = {
        let w1 = -1.17767998417887, w2 = 0.235573213359357, w3 = 0.784513610477560
        let w0 = 1 - 2 * (w1 + w2 + w3)
        return try! leapfrogComposition(name: "yoshida6", order: 6, weights: [w3, w2, w1, w0, w1, w2, w3])
    }()

    /// Every built-in scheme; generic tests cover each.
    public static let all: [SymplecticScheme] = [.leapfrog, .velocityVerlet, .yoshida4, .yoshida6]

    /// Force evaluations per step in a long run (the closing kick's force is reused when the next step kicks first).
    public var forceEvaluationsPerStep: Int {
        kick.filter { $0 != 0 }.count - (drift[0] == 0 && kick[kick.count - 1] != 0 ? 1 : 0)
    }

    public var description: String { "\(name) (order \(order), \(drift.count) stages)" }
}
