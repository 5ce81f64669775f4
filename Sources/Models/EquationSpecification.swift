import Equations

/// An equation model as data: the source text, the declared states, and every parameter with
/// its starting (or fixed) value and optional bounds — what ``ModelSpecification/equations(_:)``
/// carries and fit files store (so `--resume`, `evaluate` and `predict` rebuild the same model).
///
/// JSON (inside the model specification's `{"kind":"equations", …}`):
/// `{"source":"d(x)/dt = -k*x","states":["x"],"parameters":[{"name":"k","value":0.5,"fixed":false}]}`;
/// equations with `nn(U; …)[k]` terms add `"networks":{"U":{"activation":"tanh","hiddenWidths":[32,32]}}`
/// (then the model is a ``UniversalEquationModel``).
public struct EquationSpecification: Codable, Sendable, Equatable {
    /// One parameter of the equations.
    public struct Parameter: Codable, Sendable, Equatable {
        public var name: String
        /// Starting value if learned, the value if fixed.
        public var value: Double
        /// Held at `value` (compiled in as a constant) rather than learned.
        public var fixed: Bool
        /// Bounds and positivity as declared (for parameter transforms and checks; `nil` when not given).
        public var lower: Double?
        public var upper: Double?
        public var positive: Bool?
        /// Unit, for reports (free text, e.g. "1/day").
        public var unit: String?

        public init(name: String, value: Double, fixed: Bool = false, lower: Double? = nil, upper: Double? = nil,
                    positive: Bool? = nil, unit: String? = nil) {
            self.name = name
            self.value = value
            self.fixed = fixed
            self.lower = lower
            self.upper = upper
            self.positive = positive
            self.unit = unit
        }
    }

    /// The equations (see ``EquationModel`` for the language).
    public var source: String
    /// State order; `nil`: the order of the `d(x)/dt` statements.
    public var states: [String]?
    /// Every parameter of the equations, in parameter order.
    public var parameters: [Parameter]
    /// Units of the states by name, for reports.
    public var stateUnits: [String: String]?
    /// The architecture of each network named in `nn(name; …)[k]` terms (nil: the equations have none).
    public var networks: [String: NetworkSettings]?

    public init(source: String, states: [String]? = nil, parameters: [Parameter], stateUnits: [String: String]? = nil,
                networks: [String: NetworkSettings]? = nil) {
        self.source = source
        self.states = states
        self.parameters = parameters
        self.stateUnits = stateUnits
        self.networks = networks
    }

    /// Compiles the equations with the declared parameters (fixed ones as constants).
    /// Throws ``ModelSpecificationError`` with the compiler's diagnostic, or for a parameter
    /// value that is not finite, a bound it violates, or a repeated name.
    public func makeModel() throws -> EquationModel {
        var seen = Set<String>()
        for p in parameters {
            guard seen.insert(p.name).inserted else { throw ModelSpecificationError("equations: parameter \(p.name) is declared twice") }
            guard p.value.isFinite else { throw ModelSpecificationError("equations: parameter \(p.name) = \(p.value) is not finite") }
            if p.positive == true, p.value <= 0 { throw ModelSpecificationError("equations: parameter \(p.name) is positive but starts at \(p.value)") }
            if let lower = p.lower, p.value < lower { throw ModelSpecificationError("equations: parameter \(p.name) = \(p.value) is below its lower bound \(lower)") }
            if let upper = p.upper, p.value > upper { throw ModelSpecificationError("equations: parameter \(p.name) = \(p.value) is above its upper bound \(upper)") }
        }
        let fixed = Dictionary(uniqueKeysWithValues: parameters.filter(\.fixed).map { ($0.name, $0.value) })
        do {
            return try EquationModel(source: source, states: states, parameters: parameters.map(\.name), fixed: fixed)
        } catch {
            throw ModelSpecificationError("equations: \(error)")
        }
    }

    /// Starting values of the learned parameters, in the model's parameter order.
    public var learnedValues: [Double] { parameters.filter { !$0.fixed }.map(\.value) }

    /// The field: the ``EquationModel`` itself, or with `nn(…)` terms a ``UniversalEquationModel``
    /// whose networks have the settings in ``networks`` (every network needs an entry).
    public func makeField() throws -> any NamedDifferentiableField {
        let model = try makeModel()
        guard !model.networks.isEmpty || !(networks ?? [:]).isEmpty else { return model }
        return try UniversalEquationModel(equations: model, networks: networks ?? [:])
    }

    /// The field and its starting parameters: ``learnedValues``, then the networks' initial
    /// weights from `seed` (``UniversalEquationModel/initialParameters(equationParameters:seed:)``).
    public func build(seed: UInt64) throws -> (field: any NamedDifferentiableField, initialParameters: [Double]) {
        let field = try makeField()
        if let universal = field as? UniversalEquationModel {
            return (field, universal.initialParameters(equationParameters: learnedValues, seed: seed))
        }
        return (field, learnedValues)
    }

    /// This specification with settings for every network of the equations that has none
    /// (`defaults`, e.g. from `--hidden`/`--activation`); unchanged without networks.
    public func withNetworkDefaults(_ defaults: NetworkSettings) throws -> EquationSpecification {
        let names = try makeModel().networks.map(\.name)
        guard !names.isEmpty else { return self }
        var copy = self
        var settings = networks ?? [:]
        for name in names where settings[name] == nil { settings[name] = defaults }
        copy.networks = settings
        return copy
    }

    /// A specification for `source` whose parameters are the free names (first appearance),
    /// valued from `values`; every parameter needs a value. Throws ``ModelSpecificationError``
    /// naming the parameters without a value, or a value for a name that is no parameter. A parameter
    /// without a value that is one of `dataColumns` is most likely a state missing its equation: the
    /// message says so rather than inviting a constant.
    public static func inferred(source: String, values: [String: Double], fixed: Set<String> = [],
                                states: [String]? = nil, dataColumns: [String] = []) throws -> EquationSpecification {
        let names: [String]
        do { names = try EquationModel(source: source, states: states).parameterNames } catch {
            throw ModelSpecificationError("equations: \(error)")
        }
        let unknown = Set(values.keys).union(fixed).subtracting(names).sorted()
        guard unknown.isEmpty else {
            throw ModelSpecificationError("equations: \(unknown.joined(separator: ", ")) \(unknown.count == 1 ? "is not a parameter" : "are not parameters") (parameters: \(names.joined(separator: ", ")))")
        }
        let missing = names.filter { values[$0] == nil }
        if let column = missing.first(where: dataColumns.contains) {
            throw ModelSpecificationError("equations: \(column) is a column of the data but has no equation, so it would be a constant "
                + "parameter: add \(column)' = … to fit it as a state (or give EquationSpecification's values \(column)=… to hold it constant)")
        }
        guard missing.isEmpty else {
            throw ModelSpecificationError("equations: no value for \(missing.joined(separator: ", ")); give EquationSpecification's values \(missing.map { "\($0)=…" }.joined(separator: ","))")
        }
        return EquationSpecification(source: source, states: states,
                                     parameters: names.map { Parameter(name: $0, value: values[$0]!, fixed: fixed.contains($0)) })
    }
}
