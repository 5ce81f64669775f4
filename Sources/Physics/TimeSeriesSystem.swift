import Datasets
import ODE

/// The built-in time-series systems: known equations, known parameters, and a
/// documented distribution of initial states.
public enum TimeSeriesSystem: String, CaseIterable, Codable, Sendable {
    case spiral
    case lotkaVolterra = "lotka-volterra"
    case vanDerPol = "van-der-pol"
    case lorenz
    case dampedPendulum = "damped-pendulum"
    /// Positions of a random bound three-body system (see ``ThreeBodyPreset/random``).
    case threeBody = "three-body"

    /// The state dimension of the series written to the dataset.
    public var dimension: Int {
        switch self {
        case .spiral, .lotkaVolterra, .vanDerPol, .dampedPendulum: 2
        case .lorenz: 3
        case .threeBody: 9
        }
    }

    /// Names of the parameters, in the field's order.
    public var parameterNames: [String] {
        switch self {
        case .spiral: ["a11", "a12", "a21", "a22"]
        case .lotkaVolterra: ["alpha", "beta", "delta", "gamma"]
        case .vanDerPol: ["mu"]
        case .lorenz: ["sigma", "rho", "beta"]
        case .dampedPendulum: ["damping", "g_over_l"]
        case .threeBody: ["m1", "m2", "m3", "G"]
        }
    }

    /// Default parameter values.
    public var defaultParameters: [Double] {
        switch self {
        case .spiral: LinearSystem.spiralMatrix
        case .lotkaVolterra: LotkaVolterra.defaultParameters
        case .vanDerPol: VanDerPol.defaultParameters
        case .lorenz: Lorenz.defaultParameters
        case .dampedPendulum: DampedPendulum.defaultParameters
        case .threeBody: [1, 1, 1, 1]
        }
    }

    /// Labels of the components written to the dataset.
    public var stateLabels: [String] {
        switch self {
        case .spiral: ["z1", "z2"]
        case .lotkaVolterra: ["prey", "predator"]
        case .vanDerPol: ["x", "v"]
        case .lorenz: ["x", "y", "z"]
        case .dampedPendulum: ["theta", "omega"]
        case .threeBody: Array(NBodyConfiguration.stateLabels(bodyCount: 3).prefix(9))
        }
    }

    /// A sensible default time span.
    public var defaultTEnd: Double {
        switch self {
        case .spiral, .lotkaVolterra, .vanDerPol: 10
        case .lorenz: 5
        case .dampedPendulum: 20
        case .threeBody: 5
        }
    }

    /// The initial state distribution (uniform boxes), documented here:
    /// spiral [−2, 2]²; Lotka–Volterra [0.5, 3]²; van der Pol [−2, 2]²;
    /// Lorenz x ∈ [−15, 15], y ∈ [−20, 20], z ∈ [10, 40]; pendulum θ ∈ [−π/2, π/2], ω ∈ [−1, 1].
    public func initialState(random: inout SeededRandom) -> [Double] {
        switch self {
        case .spiral, .vanDerPol: [random.uniform(-2, 2), random.uniform(-2, 2)]
        case .lotkaVolterra: [random.uniform(0.5, 3), random.uniform(0.5, 3)]
        case .lorenz: [random.uniform(-15, 15), random.uniform(-20, 20), random.uniform(10, 40)]
        case .dampedPendulum: [random.uniform(-Double.pi / 2, Double.pi / 2), random.uniform(-1, 1)]
        case .threeBody: []
        }
    }
}
