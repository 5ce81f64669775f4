import Foundation

/// A built-in model chosen by name with its starting values: what `orrery fit --model NAME
/// --learn … --parameters …` describes, turned into a ``ModelSpecification`` for data of a given
/// state dimension.
///
/// Names: `three-body`, `n-body` (``bodies`` bodies; gravity, Newton), `mlp` (a neural vector
/// field, Chen et al. 2018), `hybrid` (``known`` physics plus an MLP correction) and every
/// ``KnownSystem`` (`lotka-volterra`, `lorenz`, …). Errors name these properties
/// (`BuiltInModel.learn`, `BuiltInModel.values`, `BuiltInModel.name`).
public struct BuiltInModel: Sendable, Equatable {
    /// `three-body`, `n-body`, `mlp`, `hybrid` or a ``KnownSystem`` name.
    public var name: String
    /// Bodies of `n-body` (and of a hybrid's `n-body` part).
    public var bodies: Int
    /// What to learn: N-body `masses`, `G`, `initial-state` (nil: masses); systems `parameters`,
    /// `none`, `initial-state` (nil: parameters); MLPs `weights`, `initial-state`.
    public var learn: [String]?
    /// Starting (or fixed) values by name: N-body `masses`, `G`; a system's parameter or block
    /// names, or `parameters` for all of them in order.
    public var values: [String: [Double]]
    /// The MLP part: hidden widths, activation, time as an input, scale of the output layer.
    public var hiddenWidths: [Int]
    public var activation: Activation
    public var timeInput: Bool
    public var outputScale: Double
    /// The known part of a `hybrid`: `three-body`, `n-body` or a system name.
    public var known: String

    public init(name: String, bodies: Int = 3, learn: [String]? = nil, values: [String: [Double]] = [:],
                hiddenWidths: [Int] = [64, 64], activation: Activation = .tanh, timeInput: Bool = false,
                outputScale: Double = 1, known: String = "three-body") {
        self.name = name
        self.bodies = bodies
        self.learn = learn
        self.values = values
        self.hiddenWidths = hiddenWidths
        self.activation = activation
        self.timeInput = timeInput
        self.outputScale = outputScale
        self.known = known
    }

    /// Whether the initial states are learned too (`initial-state` in ``learn``).
    public var learnsInitialState: Bool { (learn ?? []).contains("initial-state") }

    /// The model for data with `stateDimension` components. N-body models take G from
    /// ``values``, else `dataG` (the data's own, when every trajectory shares it), else 1.
    public func specification(stateDimension dimension: Int, dataG: Double? = nil) throws(ModelSpecificationError) -> ModelSpecification {
        var values = values
        if values["G"] == nil, let dataG { values["G"] = [dataG] }
        switch name {
        case "three-body": return try nBody(3, values)
        case "n-body": return try nBody(bodies, values)
        case "mlp": return try mlp(dimension)
        case "hybrid":
            let knownPart = known == "three-body" ? try nBody(3, values) : (known == "n-body" ? try nBody(bodies, values) : try timeSeries(known, values, dimension))
            return .hybrid(known: knownPart, mlp: try mlp(dimension))
        default: return try timeSeries(name, values, dimension)
        }
    }

    private var learnList: [String] { learn ?? [] }

    private func nBody(_ bodies: Int, _ values: [String: [Double]]) throws(ModelSpecificationError) -> ModelSpecification {
        let requested = learn == nil ? ["masses"] : learnList.filter { $0 != "initial-state" }
        var groups: [NBodyParameterGroup] = []
        for name in requested {
            guard let group = NBodyParameterGroup(rawValue: name) else {
                throw ModelSpecificationError("BuiltInModel.learn: unknown '\(name)'; n-body learns masses, G and/or initial-state")
            }
            groups.append(group)
        }
        for name in values.keys where !["masses", "G"].contains(name) {
            throw ModelSpecificationError("BuiltInModel.values: unknown name '\(name)'; n-body takes masses=… and G=…")
        }
        if let masses = values["masses"] {
            guard masses.count == bodies else { throw ModelSpecificationError("BuiltInModel.values: masses needs \(bodies) values (got \(masses.count))") }
            guard masses.allSatisfy({ $0 > 0 }) else { throw ModelSpecificationError("BuiltInModel.values: masses must be positive (got \(masses))") }
        }
        if let g = values["G"] {
            guard g.count == 1, g[0] > 0 else { throw ModelSpecificationError("BuiltInModel.values: G must be one positive number (got \(g))") }
        }
        return .nBody(bodies: bodies, learn: groups, masses: values["masses"], G: values["G"]?.first ?? 1)
    }

    private func mlp(_ dimension: Int) throws(ModelSpecificationError) -> ModelSpecification {
        if name == "mlp" {
            for item in learnList where !["initial-state", "weights"].contains(item) {
                throw ModelSpecificationError("BuiltInModel.learn: unknown '\(item)'; an mlp learns its weights and optionally initial-state")
            }
        }
        return .mlp(hiddenWidths: hiddenWidths, activation: activation, timeInput: timeInput, stateDimension: dimension, outputScale: outputScale)
    }

    private func timeSeries(_ name: String, _ values: [String: [Double]], _ dimension: Int) throws(ModelSpecificationError) -> ModelSpecification {
        guard let system = KnownSystem(rawValue: name) else {
            throw ModelSpecificationError("unknown BuiltInModel.name \(name); choose three-body, n-body, mlp, hybrid or \(KnownSystem.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let requested = learnList.filter { $0 != "initial-state" }
        for item in requested where !["parameters", "none"].contains(item) {
            throw ModelSpecificationError("BuiltInModel.learn: unknown '\(item)'; \(name) learns parameters and/or initial-state (or none)")
        }
        let learnsParameters = learn == nil || requested.contains("parameters") || (requested.isEmpty && !learnsInitialState)
        let d = system == .linear ? dimension : nil
        let names: [String], domains: [ParameterDomain]
        do {
            names = try ModelSpecification.timeSeries(system: system, dimension: d, learn: true).parameterNames()
            domains = try ModelSpecification.timeSeries(system: system, dimension: d, learn: true).parameterDomains()
        } catch {
            throw ModelSpecificationError("\(error)")
        }
        let blockNames = names.map { $0.split(separator: "[").first.map(String.init) ?? $0 }
        var vector = system.defaultParameters(dimension: system.dimension(linearDimension: d) ?? 0)
        var given = values
        given["G"] = nil
        if let all = given.removeValue(forKey: "parameters") {
            guard all.count == vector.count else {
                throw ModelSpecificationError("BuiltInModel.values: \(name) has \(vector.count) parameters (\(names.joined(separator: ", "))); parameters= gave \(all.count)")
            }
            vector = all
        }
        for (key, list) in given {
            let slots = blockNames.indices.filter { blockNames[$0] == key || names[$0] == key }
            guard !slots.isEmpty else {
                throw ModelSpecificationError("BuiltInModel.values: \(name) has no parameter '\(key)'; its parameters are \(Array(NSOrderedSet(array: blockNames)).map { "\($0)" }.joined(separator: ", "))")
            }
            guard list.count == slots.count else {
                throw ModelSpecificationError("BuiltInModel.values: \(key) takes \(slots.count) value\(slots.count == 1 ? "" : "s") (got \(list.count))")
            }
            for (slot, value) in zip(slots, list) { vector[slot] = value }
        }
        for (i, domain) in domains.enumerated() where domain == .positive && !(vector[i] > 0) {
            throw ModelSpecificationError("BuiltInModel.values: \(names[i]) must be positive (got \(vector[i]))")
        }
        return .timeSeries(system: system, dimension: d, parameters: vector, learn: learnsParameters)
    }
}
