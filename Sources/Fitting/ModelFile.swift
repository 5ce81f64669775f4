import Equations
import Foundation
import Models
import TOMLKit

/// A model file (TOML; `orrery … --model-file`): equations plus declarations of states, parameters and units.
///
///     # SIR epidemic
///     states = ["S", "I", "R"]          # optional: default, the order of the d(x)/dt statements
///     equations = """
///     d(S)/dt = -beta*S*I/N
///     d(I)/dt = beta*S*I/N - gamma*I
///     d(R)/dt = gamma*I
///     """
///
///     [parameters]                      # every parameter of the equations, with its starting value
///     beta  = { value = 0.3, positive = true, unit = "1/day" }
///     gamma = { value = 0.1, lower = 0, upper = 1 }
///     N     = { value = 1000, fixed = true }
///     # k   = 0.5                       # a bare number is a starting value
///
///     [units]                           # optional, per state
///     S = "people"
///
///     [networks.U]                      # optional: the network of nn(U; …)[k] terms
///     hidden = [32, 32]                 # (undeclared ones get the caller's NetworkSettings)
///     activation = "tanh"
///
/// Parameters are ordered by first appearance in the equations (declared but unused ones last,
/// by name). A name in the equations that is not declared is an error with its line and column
/// (the line counted inside the `equations` string).
public enum ModelFile {
    /// The specification in the file at `path`.
    /// - Throws: ``ModelFileError`` naming the file and the problem (with line and column for the equations).
    public static func read(_ path: String) throws -> EquationSpecification {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ModelFileError(path: path, "cannot read the file")
        }
        return try parse(text, path: path)
    }

    /// The specification in `text` (the contents of `path`).
    public static func parse(_ text: String, path: String = "model file") throws -> EquationSpecification {
        let table: TOMLTable
        do { table = try TOMLTable(string: text) } catch let error as TOMLParseError {
            throw ModelFileError(path: path, "TOML \(error.source.begin.debugDescription): \(error.description)")
        }
        let known: Set<String> = ["states", "equations", "parameters", "units", "networks"]
        for key in table.keys where !known.contains(key) {
            throw ModelFileError(path: path, "unknown key \"\(key)\" (expected states, equations, [parameters], [units], [networks.NAME])")
        }
        guard let source = table["equations"]?.string else {
            throw ModelFileError(path: path, "missing equations = \"\"\"d(x)/dt = …\"\"\"")
        }
        var states: [String]?
        if let value = table["states"] {
            guard let array = value.array else { throw ModelFileError(path: path, "states must be an array of names, e.g. [\"S\", \"I\", \"R\"]") }
            states = try array.map { element -> String in
                guard let name = element.string else { throw ModelFileError(path: path, "states must be names (strings)") }
                return name
            }
        }
        var declared: [String: EquationSpecification.Parameter] = [:]
        if let value = table["parameters"] {
            guard let parameters = value.table else { throw ModelFileError(path: path, "[parameters] must be a table") }
            for name in parameters.keys { declared[name] = try parameter(name, parameters[name]!, path: path) }
        }
        var units: [String: String]?
        if let value = table["units"] {
            guard let unitTable = value.table else { throw ModelFileError(path: path, "[units] must be a table of strings") }
            units = try Dictionary(uniqueKeysWithValues: unitTable.keys.map { key in
                guard let unit = unitTable[key]?.string else { throw ModelFileError(path: path, "[units] \(key) must be a string") }
                return (key, unit)
            })
        }
        // Undeclared names are errors (with line and column); order by first appearance.
        let order: [String]
        do {
            _ = try EquationModel(source: source, states: states, parameters: declared.keys.sorted())
            order = try EquationModel(source: source, states: states).parameterNames
        } catch {
            throw ModelFileError(path: path, "equations, \(error)")
        }
        let unused = declared.keys.filter { !order.contains($0) }.sorted()
        return EquationSpecification(source: source, states: states, parameters: (order + unused).map { declared[$0]! }, stateUnits: units,
                                     networks: try networks(table["networks"], path: path))
    }

    /// `[networks.U] hidden = [32, 32], activation = "tanh"` → settings by network name (nil when absent).
    private static func networks(_ value: TOMLValueConvertible?, path: String) throws -> [String: NetworkSettings]? {
        guard let value else { return nil }
        guard let table = value.table else { throw ModelFileError(path: path, "[networks] must hold tables such as [networks.U] hidden = [32, 32]") }
        var result: [String: NetworkSettings] = [:]
        for name in table.keys {
            guard let fields = table[name]?.table else { throw ModelFileError(path: path, "[networks.\(name)] must be a table: hidden = [32, 32], activation = \"tanh\"") }
            for key in fields.keys where !["hidden", "activation"].contains(key) {
                throw ModelFileError(path: path, "[networks.\(name)]: unknown field \"\(key)\" (hidden, activation)")
            }
            guard let widths = fields["hidden"]?.array?.map({ $0.int ?? 0 }), widths.allSatisfy({ $0 >= 1 }) else {
                throw ModelFileError(path: path, "[networks.\(name)] needs hidden = [widths…], positive integers, e.g. [32, 32]")
            }
            let activationName = fields["activation"]?.string ?? "tanh"
            guard let activation = Activation(rawValue: activationName) else {
                throw ModelFileError(path: path, "[networks.\(name)] activation must be tanh, softplus or silu (got \(activationName))")
            }
            result[name] = NetworkSettings(hiddenWidths: widths, activation: activation)
        }
        return result
    }

    private static func number(_ value: TOMLValueConvertible?) -> Double? {
        guard let value else { return nil }
        return value.double ?? value.int.map(Double.init)
    }

    private static func parameter(_ name: String, _ value: TOMLValueConvertible, path: String) throws -> EquationSpecification.Parameter {
        if let plain = number(value) { return .init(name: name, value: plain) }
        guard let fields = value.table else {
            throw ModelFileError(path: path, "parameter \(name) must be a number or { value = …, fixed, lower, upper, positive, unit }")
        }
        for key in fields.keys where !["value", "fixed", "lower", "upper", "positive", "unit"].contains(key) {
            throw ModelFileError(path: path, "parameter \(name): unknown field \"\(key)\" (value, fixed, lower, upper, positive, unit)")
        }
        guard let start = number(fields["value"]) else { throw ModelFileError(path: path, "parameter \(name) needs value = <number>") }
        return .init(name: name, value: start, fixed: fields["fixed"]?.bool ?? false, lower: number(fields["lower"]),
                     upper: number(fields["upper"]), positive: fields["positive"]?.bool, unit: fields["unit"]?.string)
    }
}

/// A model file that cannot be used: the file and the problem.
public struct ModelFileError: Error, CustomStringConvertible, Equatable {
    public let path: String
    public let message: String
    public init(path: String, _ message: String) {
        self.path = path
        self.message = message
    }
    public var description: String { "\(path): \(message)" }
}
