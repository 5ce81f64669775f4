/// Why equation source text cannot be compiled: a typed value carrying the 1-based line and
/// column of the offending token (or of the statement concerned) and what is wrong.
///
/// `description` reads like a compiler diagnostic, e.g.
/// `line 2, column 14: unknown name "gama" (not a state, intermediate or declared parameter)`.
public struct EquationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong; each case names the symbol concerned.
    public enum Kind: Sendable, Equatable {
        /// A character that starts no token (e.g. `$`).
        case badCharacter(Character)
        /// A malformed number literal (e.g. `1e`).
        case badNumber(String)
        /// A token where another was expected: `found` (as written, or "end of input"), `expected`.
        case unexpectedToken(found: String, expected: String)
        /// `name(…)` where `name` is not one of the built-in functions.
        case unknownFunction(String)
        /// A built-in function called with the wrong number of arguments.
        case wrongArgumentCount(function: String, expected: Int, found: Int)
        /// A name that is no state, intermediate, `t`, or declared parameter (only when parameters are declared).
        case unknownName(String)
        /// `d(x)/dt` where `x` is not among the declared states (only when states are declared).
        case undeclaredState(String)
        /// A state with no `d(x)/dt = …` statement.
        case missingDerivative(String)
        /// Two `d(x)/dt = …` statements for the same state.
        case duplicateDerivative(String)
        /// Two `D = …` statements for the same intermediate, or an intermediate named like a state.
        case duplicateDefinition(String)
        /// Intermediates that depend on each other in a cycle, in dependency order (`a → b → a`).
        case cycle([String])
        /// A reserved name (`t`, or a built-in function) assigned to or declared.
        case reservedName(String)
        /// A parameter value given for a name that is not a parameter of the equations.
        case unknownParameter(String)
        /// Source text with no derivative statement at all.
        case noEquations
        /// `nn(…)` inside the inputs of the network `outer` (directly or through an intermediate).
        case nestedNetwork(outer: String)
        /// `nn(name; …)[k]` where `k` (as written) is not a non-negative integer.
        case badNetworkOutput(name: String, index: String)
        /// Two uses of the network `name` with different inputs.
        case networkInputsDiffer(String)
    }

    public let kind: Kind
    /// 1-based line of the offending token (0 when the error concerns the whole text).
    public let line: Int
    /// 1-based column (in characters) of the offending token (0 when the error concerns the whole text).
    public let column: Int

    public init(_ kind: Kind, line: Int, column: Int) {
        self.kind = kind
        self.line = line
        self.column = column
    }

    public var description: String {
        let place = line > 0 ? "line \(line), column \(column): " : ""
        return place + message
    }

    /// The diagnostic without its position.
    public var message: String {
        switch kind {
        case .badCharacter(let c): return "unexpected character \"\(c)\""
        case .badNumber(let text): return "malformed number \"\(text)\""
        case let .unexpectedToken(found, expected): return "expected \(expected), found \(found)"
        case .unknownFunction(let name):
            return "unknown function \"\(name)\" (known: \(BuiltinFunction.allCases.map(\.rawValue).joined(separator: " ")), and nn(name; inputs…)[k])"
        case let .wrongArgumentCount(function, expected, found):
            return "\(function) takes \(expected) argument\(expected == 1 ? "" : "s"), found \(found)"
        case .unknownName(let name): return "unknown name \"\(name)\" (not a state, intermediate, t, or declared parameter)"
        case .undeclaredState(let name): return "d(\(name))/dt: \"\(name)\" is not a declared state"
        case .missingDerivative(let name): return "state \"\(name)\" has no equation d(\(name))/dt = …"
        case .duplicateDerivative(let name): return "second equation for d(\(name))/dt"
        case .duplicateDefinition(let name): return "\"\(name)\" is defined twice (or is also a state)"
        case .cycle(let names): return "intermediates depend on each other in a cycle: \(names.joined(separator: " → "))"
        case .reservedName(let name): return "\"\(name)\" is reserved and cannot be assigned or declared"
        case .unknownParameter(let name): return "a value is given for \"\(name)\", which is not a parameter of the equations"
        case .noEquations: return "no equations: write one d(x)/dt = … (or dx/dt = …, x' = …) per state"
        case .nestedNetwork(let outer):
            return "nn(…) inside the inputs of nn(\(outer); …): a network's inputs must not use a network, directly or through an intermediate (feed both networks the same states, or give one network more outputs)"
        case let .badNetworkOutput(name, index):
            return "nn(\(name); …)[\(index)]: the output index must be an integer 0, 1, 2, … (outputs count from 0)"
        case .networkInputsDiffer(let name):
            return "nn(\(name); …) is used with different inputs; every use of a network must pass the same inputs (name a second network differently)"
        }
    }
}
