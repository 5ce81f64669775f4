import ODE
import Randomness

/// One built-in system as the rest of Orrery sees it: its name, the shape of the data it
/// generates, its parameters with their published defaults, the distribution its initial
/// states are drawn from, and its vector field.
///
/// The entries live in ``SystemCatalog``; generation, models, fit, evaluation and the
/// command line's help texts all read them there, so a name or a default is written once.
public struct BuiltinSystem: Sendable {
    /// The name used in dataset files (`/system`) and on the command line.
    public let name: String
    /// One line for help texts.
    public let summary: String
    /// The state dimension of the series written to a dataset (positions only for `three-body`).
    public let dimension: Int
    /// Labels of the components written to a dataset.
    public let stateLabels: [String]
    /// Names of the parameters, in the field's order, as the dataset's `parameter_names` attribute has them.
    public let parameterNames: [String]
    /// The published default parameters.
    public let defaultParameters: [Double]
    /// Whether every parameter must stay positive (rates, masses), so a fit may move them in log space.
    public let positiveParameters: Bool
    /// A sensible default time span.
    public let defaultTEnd: Double
    /// The initial-state distribution in words (for help texts and dataset attributes).
    public let initialStateRecipe: String
    let draw: @Sendable (inout SeededRandom) -> [Double]
    let factory: @Sendable () -> any DifferentiableVectorField

    public init(name: String, summary: String, dimension: Int, stateLabels: [String], parameterNames: [String],
                defaultParameters: [Double], positiveParameters: Bool, defaultTEnd: Double, initialStateRecipe: String,
                initialState: @escaping @Sendable (inout SeededRandom) -> [Double],
                field: @escaping @Sendable () -> any DifferentiableVectorField) {
        precondition(stateLabels.count == dimension && parameterNames.count == defaultParameters.count,
                     "BuiltinSystem \(name): labels or defaults do not match the dimension or the parameter names")
        self.name = name
        self.summary = summary
        self.dimension = dimension
        self.stateLabels = stateLabels
        self.parameterNames = parameterNames
        self.defaultParameters = defaultParameters
        self.positiveParameters = positiveParameters
        self.defaultTEnd = defaultTEnd
        self.initialStateRecipe = initialStateRecipe
        self.draw = initialState
        self.factory = field
    }

    /// One initial state from the documented distribution (empty for `three-body`, whose whole
    /// configuration comes from ``ThreeBodyPreset/randomConfiguration(seed:index:)``).
    public func initialState(random: inout SeededRandom) -> [Double] { draw(&random) }

    /// The vector field (for `three-body`, three-body gravity with masses and `G` as parameters).
    public func makeField() -> any DifferentiableVectorField { factory() }
}
