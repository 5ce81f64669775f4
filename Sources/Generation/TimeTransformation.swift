import Physics
import ODE

/// The time an adaptive method integrates N-body trajectories in.
public enum TimeTransformation: String, Sendable, CaseIterable, CustomStringConvertible {
    /// Physical time: steps crowd at every pericentre.
    case none
    /// Sundman-type fictitious time `dt/ds = M₂/W` (``SundmanNBodyGravity``), the physical
    /// time a state component, states saved where it equals each sample time: even steps through
    /// close encounters.
    case sundman

    /// The file's words for it.
    public var description: String {
        switch self {
        case .none: "none"
        case .sundman: "sundman: dt/ds = M2/W, W = sum m_i m_j / r_ij, M2 = sum m_i m_j"
        }
    }

    /// The bound on the fictitious time handed to the solver: none in practice (the clock ends the
    /// solve at the last sample time; `maxSteps` bounds the work).
    static let fictitiousTimeBound = Double.greatestFiniteMagnitude

    /// The field in fictitious time for `gravity`, when this transformation applies (adaptive
    /// steps, two bodies or more); nil: integrate `gravity` in physical time.
    func field(for gravity: NBodyGravity, method: ButcherTableau) -> SundmanNBodyGravity? {
        guard self == .sundman, method.isAdaptive, gravity.bodyCount >= 2 else { return nil }
        return SundmanNBodyGravity(bodyCount: gravity.bodyCount, softening: gravity.softening)
    }
}

extension DatasetRecipe.Source {
    /// Whether trajectories are N-body systems (whose time may be transformed).
    var isNBody: Bool {
        switch self {
        case .threeBody, .configurations: true
        case .timeSeries(let system): system == .threeBody
        }
    }
}
