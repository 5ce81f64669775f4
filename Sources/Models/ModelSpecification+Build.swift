import ODE
import Physics

/// A differentiable field that names its parameters and may be shared across threads:
/// what ``ModelSpecification/makeField()`` returns. Open it with a generic function
/// (`func fit<F: DifferentiableVectorField>(_ f: F)` called with the existential) to get
/// specialised solver code.
public typealias NamedDifferentiableField = DifferentiableVectorField & ParameterNaming & Sendable

extension ModelSpecification {
    /// The most parameters a model may have (400 MB of `Double`s; an optimizer keeps a few copies).
    public static let maximumParameterCount = 50_000_000
    /// The largest state dimension a model may have.
    public static let maximumStateDimension = 100_000

    /// Throws ``ModelSpecificationError`` if the specification cannot be built, including when it
    /// would be too large to build (checked before any allocation).
    public func validate() throws {
        try validateShape()
        if let count = Self.approximateParameterCount(self), count > Self.maximumParameterCount {
            throw ModelSpecificationError("the model would have about \(count) parameters; at most \(Self.maximumParameterCount) are supported (use smaller NetworkSettings.hiddenWidths)")
        } else if Self.approximateParameterCount(self) == nil {
            throw ModelSpecificationError("the model's parameter count overflows; use smaller NetworkSettings.hiddenWidths or fewer bodies")
        }
    }

    /// Parameters of the model, counted with overflow checks (nil on overflow); an upper bound for n-body.
    private static func approximateParameterCount(_ model: ModelSpecification) -> Int? {
        switch model {
        case let .nBody(bodies, _, _, _, _): return bodies.multipliedReportingOverflow(by: 7).overflow ? nil : 7 * bodies + 1
        case let .timeSeries(system, dimension, _, _):
            let d = system.dimension(linearDimension: dimension) ?? 0
            return d.multipliedReportingOverflow(by: d).overflow ? nil : d * d + 16
        case let .mlp(hiddenWidths, _, timeInput, stateDimension, _):
            var total = 0, inputs = stateDimension + (timeInput ? 1 : 0)
            for width in hiddenWidths + [stateDimension] {
                let (weights, o1) = inputs.multipliedReportingOverflow(by: width)
                let (layer, o2) = weights.addingReportingOverflow(width)
                let (sum, o3) = total.addingReportingOverflow(layer)
                if o1 || o2 || o3 { return nil }
                total = sum
                inputs = width
            }
            return total
        case let .hybrid(known, mlp):
            guard let a = approximateParameterCount(known), let b = approximateParameterCount(mlp) else { return nil }
            return a.addingReportingOverflow(b).overflow ? nil : a + b
        case let .equations(specification):
            // Network widths are capped (UniversalEquationModel), so counting cannot overflow.
            return (try? specification.makeField().parameterCount) ?? specification.parameters.count
        case let .custom(_, _, parameterNames):
            return parameterNames.count
        }
    }

    private func validateShape() throws {
        switch self {
        case let .nBody(bodies, learn, softening, masses, G):
            guard bodies >= 1, bodies <= Self.maximumStateDimension / 6 else {
                throw ModelSpecificationError("n-body needs 1 to \(Self.maximumStateDimension / 6) bodies (bodies = \(bodies))")
            }
            guard Set(learn).count == learn.count else { throw ModelSpecificationError("n-body learn list \(learn) repeats a group") }
            guard softening.isFinite, softening >= 0 else { throw ModelSpecificationError("n-body softening must be finite and ≥ 0 (got \(softening))") }
            if let masses {
                guard masses.count == bodies else { throw ModelSpecificationError("n-body: \(masses.count) masses for \(bodies) bodies") }
                guard masses.allSatisfy(\.isFinite) else { throw ModelSpecificationError("n-body masses must be finite") }
            }
            guard G.isFinite else { throw ModelSpecificationError("n-body G must be finite") }
        case let .timeSeries(system, dimension, parameters, _):
            if system == .linear {
                guard let dimension, dimension >= 1, dimension <= 10_000 else { throw ModelSpecificationError("time-series linear needs dimension ≥ 1") }
            } else if let dimension, dimension != system.dimension(linearDimension: nil) {
                throw ModelSpecificationError("time-series \(system) has dimension \(system.dimension(linearDimension: nil)!), not \(dimension)")
            }
            if let parameters {
                let expected = system.defaultParameters(dimension: stateDimension).count
                guard parameters.count == expected else {
                    throw ModelSpecificationError("time-series \(system): \(parameters.count) parameters, expected \(expected)")
                }
            }
        case let .mlp(hiddenWidths, _, _, stateDimension, outputScale):
            guard stateDimension >= 1 else { throw ModelSpecificationError("mlp state dimension must be ≥ 1 (got \(stateDimension))") }
            guard hiddenWidths.allSatisfy({ $0 >= 1 }) else { throw ModelSpecificationError("mlp hidden widths must be ≥ 1 (got \(hiddenWidths))") }
            guard outputScale.isFinite else { throw ModelSpecificationError("mlp output scale must be finite") }
        case let .hybrid(known, mlp):
            switch known {
            case .nBody, .timeSeries: try known.validate()
            default: throw ModelSpecificationError("hybrid: the known part must be n-body or time-series, not \(known.kind)")
            }
            guard case .mlp = mlp else { throw ModelSpecificationError("hybrid: the correction must be an mlp, not \(mlp.kind)") }
            try mlp.validate()
            guard mlp.stateDimension == known.stateDimension else {
                throw ModelSpecificationError("hybrid: mlp state dimension \(mlp.stateDimension) ≠ known dimension \(known.stateDimension)")
            }
        case let .equations(specification):
            _ = try specification.makeField()
        case let .custom(name, stateDimension, _):
            guard stateDimension >= 1 else { throw ModelSpecificationError("custom model \(name): state dimension must be ≥ 1 (got \(stateDimension))") }
        }
        guard stateDimension <= Self.maximumStateDimension else {
            throw ModelSpecificationError("state dimension \(stateDimension) is larger than the supported \(Self.maximumStateDimension)")
        }
    }

    /// Length of the state vector (meaningful once ``validate()`` passes).
    public var stateDimension: Int {
        switch self {
        case let .nBody(bodies, _, _, _, _): return 6 * bodies
        case let .timeSeries(system, dimension, _, _): return system.dimension(linearDimension: dimension) ?? 0
        case let .mlp(_, _, _, stateDimension, _): return stateDimension
        case let .hybrid(known, _): return known.stateDimension
        case let .custom(_, stateDimension, _): return stateDimension
        case let .equations(specification): return (try? specification.makeModel().dimension) ?? 0
        }
    }

    /// The field and its starting parameters (MLP weights from `seed`; physics from the
    /// specification's values). Throws ``ModelSpecificationError`` if invalid.
    public func build(seed: UInt64) throws -> (field: any NamedDifferentiableField, initialParameters: [Double]) {
        try validate()
        switch self {
        case let .nBody(bodies, learn, softening, masses, G):
            let field = SubsetParameterField.nBody(masses: masses ?? [Double](repeating: 1, count: bodies), G: G,
                                                   learn: Set(learn), softening: softening)
            return (field, field.initialParameters)
        case let .timeSeries(system, dimension, parameters, learn):
            let d = stateDimension
            let values = parameters ?? system.defaultParameters(dimension: d)
            let base: any NamedDifferentiableField
            switch system {
            case .spiral: base = RenamedParameterField(base: LinearSystem(dimension: 2), scalarNames: SystemCatalog.named("spiral")!.parameterNames)
            case .linear: base = LinearSystem(dimension: dimension!)
            case .lotkaVolterra: base = LotkaVolterra()
            case .vanDerPol: base = VanDerPol()
            case .lorenz: base = Lorenz()
            case .dampedPendulum: base = DampedPendulum()
            }
            if learn { return (base, values) }
            let fixed = Self.fixing(base, values)
            return (fixed, [])
        case let .mlp(hiddenWidths, activation, timeInput, stateDimension, outputScale):
            let field = MLPVectorField(stateDimension: stateDimension, hiddenWidths: hiddenWidths, activation: activation,
                                       timeInput: timeInput, outputScale: outputScale)
            return (field, field.initialParameters(seed: seed))
        case let .hybrid(known, mlp):
            let (knownField, knownParameters) = try known.build(seed: seed)
            let (mlpField, mlpParameters) = try mlp.build(seed: seed)
            let hybrid = Self.combining(knownField, mlpField as! MLPVectorField)
            return (hybrid, knownParameters + mlpParameters)
        case let .equations(specification):
            return try specification.build(seed: seed)
        case let .custom(name, _, _):
            throw ModelSpecificationError("model '\(name)' is Swift code of your own: a fit file records its name and parameter names, not the code; pass the field itself to Trainer.fit(field:…) or FitEvaluation")
        }
    }

    /// The field alone (see ``build(seed:)``).
    public func makeField() throws -> any NamedDifferentiableField { try build(seed: 0).field }

    /// The starting parameters alone (see ``build(seed:)``).
    public func initialParameters(seed: UInt64) throws -> [Double] { try build(seed: seed).initialParameters }

    /// Named blocks of the learnable parameter vector.
    public func parameterBlocks() throws -> [ParameterBlock] { try makeField().parameterBlocks }

    /// One name per learnable parameter, in flat order.
    public func parameterNames() throws -> [String] { try makeField().parameterNames }

    private static func fixing<Base: NamedDifferentiableField>(_ base: Base, _ values: [Double]) -> any NamedDifferentiableField {
        SubsetParameterField(base: base, fullDefaults: values, learnableIndices: [])
    }

    private static func combining<Known: NamedDifferentiableField>(_ known: Known, _ mlp: MLPVectorField) -> any NamedDifferentiableField {
        HybridVectorField(known: known, correction: mlp)
    }
}

extension ModelSpecification: CustomStringConvertible {
    /// One line for logs and reports, e.g. `mlp 2-64-64-2 tanh`,
    /// `n-body 3 bodies, learn masses (G = 1 fixed)`, `hybrid: spiral (learn A) + mlp 2-16-2 tanh, output scale 0.1`.
    public var description: String {
        switch self {
        case let .nBody(bodies, learn, softening, masses, G):
            var text = "n-body \(bodies) bodies"
            let groups = Set(learn)
            text += groups.isEmpty ? ", nothing learned" : ", learn \(groups.sorted().map(\.rawValue).joined(separator: " and "))"
            var fixed: [String] = []
            if !groups.contains(.masses) { fixed.append("masses = \(masses.map { "\($0)" } ?? "1 each")") }
            if !groups.contains(.G) { fixed.append("G = \(G)") }
            if !fixed.isEmpty { text += " (\(fixed.joined(separator: ", ")) fixed)" }
            if softening != 0 { text += ", softening \(softening)" }
            return text
        case let .timeSeries(system, dimension, _, learn):
            let name = system == .linear ? "linear \(dimension ?? 0)-D" : system.rawValue
            return "\(name) (parameters \(learn ? "learned" : "fixed"))"
        case let .mlp(hiddenWidths, activation, timeInput, stateDimension, outputScale):
            return "mlp " + MLPVectorField(stateDimension: max(stateDimension, 1), hiddenWidths: hiddenWidths.map { max($0, 1) },
                                           activation: activation, timeInput: timeInput,
                                           outputScale: outputScale.isFinite ? outputScale : 1).architecture
        case let .hybrid(known, mlp):
            return "hybrid: \(known) + \(mlp)"
        case let .equations(specification):
            let learned = specification.parameters.filter { !$0.fixed }.map(\.name)
            let states = specification.states ?? ((try? specification.makeModel().stateNames) ?? [])
            let networks = (specification.networks ?? [:]).sorted { $0.key < $1.key }.map { "nn \($0.key) \($0.value)" }
            return "equations in \(states.joined(separator: ", ")) (learn \((learned + networks).isEmpty ? "nothing" : (learned + networks).joined(separator: ", ")))"
        case let .custom(name, stateDimension, parameterNames):
            return "\(name) (your own \(stateDimension)-D field; \(parameterNames.count) parameters)"
        }
    }
}
