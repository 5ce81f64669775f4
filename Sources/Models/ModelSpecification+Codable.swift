import Foundation

extension ModelSpecification: Codable {
    enum CodingKeys: String, CodingKey {
        case kind, bodies, learn, softening, masses, G, system, dimension, parameters
        case hiddenWidths, activation, timeInput, stateDimension, outputScale, known, mlp
        case source, states, stateUnits, networks, name, parameterNames
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try c.decode(String.self, forKey: .kind)
        switch kind {
        case "n-body":
            self = .nBody(bodies: try c.decode(Int.self, forKey: .bodies),
                          learn: try c.decode([NBodyParameterGroup].self, forKey: .learn),
                          softening: try c.decode(Double.self, forKey: .softening),
                          masses: try c.decodeIfPresent([Double].self, forKey: .masses),
                          G: try c.decode(Double.self, forKey: .G))
        case "time-series":
            self = .timeSeries(system: try c.decode(KnownSystem.self, forKey: .system),
                               dimension: try c.decodeIfPresent(Int.self, forKey: .dimension),
                               parameters: try c.decodeIfPresent([Double].self, forKey: .parameters),
                               learn: try c.decode(Bool.self, forKey: .learn))
        case "mlp":
            self = .mlp(hiddenWidths: try c.decode([Int].self, forKey: .hiddenWidths),
                        activation: try c.decode(Activation.self, forKey: .activation),
                        timeInput: try c.decode(Bool.self, forKey: .timeInput),
                        stateDimension: try c.decode(Int.self, forKey: .stateDimension),
                        outputScale: try c.decode(Double.self, forKey: .outputScale))
        case "hybrid":
            self = .hybrid(known: try c.decode(ModelSpecification.self, forKey: .known),
                           mlp: try c.decode(ModelSpecification.self, forKey: .mlp))
        case "equations":
            self = .equations(EquationSpecification(
                source: try c.decode(String.self, forKey: .source),
                states: try c.decodeIfPresent([String].self, forKey: .states),
                parameters: try c.decode([EquationSpecification.Parameter].self, forKey: .parameters),
                stateUnits: try c.decodeIfPresent([String: String].self, forKey: .stateUnits),
                networks: try c.decodeIfPresent([String: NetworkSettings].self, forKey: .networks)))
        case "custom":
            self = .custom(name: try c.decode(String.self, forKey: .name),
                           stateDimension: try c.decode(Int.self, forKey: .stateDimension),
                           parameterNames: try c.decode([String].self, forKey: .parameterNames))
        default:
            throw DecodingError.dataCorruptedError(forKey: .kind, in: c,
                debugDescription: "unknown model kind \"\(kind)\" (expected n-body, time-series, mlp, hybrid, equations or custom)")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        switch self {
        case let .nBody(bodies, learn, softening, masses, G):
            try c.encode(bodies, forKey: .bodies)
            try c.encode(learn, forKey: .learn)
            try c.encode(softening, forKey: .softening)
            try c.encodeIfPresent(masses, forKey: .masses)
            try c.encode(G, forKey: .G)
        case let .timeSeries(system, dimension, parameters, learn):
            try c.encode(system, forKey: .system)
            try c.encodeIfPresent(dimension, forKey: .dimension)
            try c.encodeIfPresent(parameters, forKey: .parameters)
            try c.encode(learn, forKey: .learn)
        case let .mlp(hiddenWidths, activation, timeInput, stateDimension, outputScale):
            try c.encode(hiddenWidths, forKey: .hiddenWidths)
            try c.encode(activation, forKey: .activation)
            try c.encode(timeInput, forKey: .timeInput)
            try c.encode(stateDimension, forKey: .stateDimension)
            try c.encode(outputScale, forKey: .outputScale)
        case let .hybrid(known, mlp):
            try c.encode(known, forKey: .known)
            try c.encode(mlp, forKey: .mlp)
        case let .equations(specification):
            try c.encode(specification.source, forKey: .source)
            try c.encodeIfPresent(specification.states, forKey: .states)
            try c.encode(specification.parameters, forKey: .parameters)
            try c.encodeIfPresent(specification.stateUnits, forKey: .stateUnits)
            try c.encodeIfPresent(specification.networks, forKey: .networks)
        case let .custom(name, stateDimension, parameterNames):
            try c.encode(name, forKey: .name)
            try c.encode(stateDimension, forKey: .stateDimension)
            try c.encode(parameterNames, forKey: .parameterNames)
        }
    }

    /// Compact JSON with sorted keys (stable bytes for HDF5 attributes).
    public func jsonString() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// Parses ``jsonString()``'s output (and validates it).
    public init(jsonString: String) throws {
        self = try JSONDecoder().decode(ModelSpecification.self, from: Data(jsonString.utf8))
        try validate()
    }
}
