import Randomness
import ODE

/// The built-in systems a dataset can be generated from, by name; everything else about
/// each (shape, parameters, initial states, field) is its ``SystemCatalog`` entry.
public enum TimeSeriesSystem: String, CaseIterable, Codable, Sendable {
    case spiral
    case lotkaVolterra = "lotka-volterra"
    case vanDerPol = "van-der-pol"
    case lorenz
    case dampedPendulum = "damped-pendulum"
    /// Positions of a random bound three-body system (see ``ThreeBodyPreset/random``).
    case threeBody = "three-body"

    /// The system's entry in ``SystemCatalog``, which owns its names, shape, defaults and field.
    public var entry: BuiltinSystem { SystemCatalog.named(rawValue)! }

    /// The state dimension of the series written to the dataset.
    public var dimension: Int { entry.dimension }

    /// Names of the parameters, in the field's order.
    public var parameterNames: [String] { entry.parameterNames }

    /// Default parameter values.
    public var defaultParameters: [Double] { entry.defaultParameters }

    /// Labels of the components written to the dataset.
    public var stateLabels: [String] { entry.stateLabels }

    /// A sensible default time span.
    public var defaultTEnd: Double { entry.defaultTEnd }

    /// One initial state from the documented distribution (``BuiltinSystem/initialStateRecipe``).
    public func initialState(random: inout SeededRandom) -> [Double] { entry.initialState(random: &random) }
}

extension TimeSeriesSystem {
    /// The vector field (for `.threeBody`, three-body gravity).
    public var field: any VectorField { entry.makeField() }
}
