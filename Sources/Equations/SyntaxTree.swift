/// An expression as parsed, before names are resolved.
indirect enum Expression: Sendable, Equatable {
    case number(Double)
    /// A name with the position where it appears (for diagnostics).
    case name(String, line: Int, column: Int)
    case negate(Expression)
    case binary(BinaryOperator, Expression, Expression)
    case call(BuiltinFunction, [Expression])
    /// `nn(name; inputs…)[output]`: output `output` (0-based) of the network `name`.
    case network(NetworkCall)

    enum BinaryOperator: Sendable, Equatable { case add, subtract, multiply, divide, power }

    /// Every name the expression mentions, in order of appearance (with repeats).
    func names(into list: inout [(name: String, line: Int, column: Int)]) {
        switch self {
        case .number: break
        case let .name(name, line, column): list.append((name, line, column))
        case .negate(let e): e.names(into: &list)
        case let .binary(_, a, b): a.names(into: &list); b.names(into: &list)
        case let .call(_, arguments): for a in arguments { a.names(into: &list) }
        case let .network(call): for a in call.inputs { a.names(into: &list) }
        }
    }

    /// Every `nn(…)[k]` term, in order of appearance (the inputs of one are not searched:
    /// the parser rejects `nn` inside `nn`).
    func networkCalls(into list: inout [NetworkCall]) {
        switch self {
        case .number, .name: break
        case .negate(let e): e.networkCalls(into: &list)
        case let .binary(_, a, b): a.networkCalls(into: &list); b.networkCalls(into: &list)
        case let .call(_, arguments): for a in arguments { a.networkCalls(into: &list) }
        case let .network(call): list.append(call)
        }
    }
}

/// One `nn(name; inputs…)[output]` term as written.
struct NetworkCall: Sendable, Equatable {
    let name: String
    let inputs: [Expression]
    /// The selected output, 0-based.
    let output: Int
    /// Position of `nn`.
    let line: Int
    let column: Int
}

/// One statement: `d(x)/dt = expr` or `name = expr`.
struct Statement: Sendable, Equatable {
    enum Target: Sendable, Equatable {
        case derivative(String)
        case intermediate(String)
    }

    let target: Target
    let expression: Expression
    /// Position of the statement's target name.
    let line: Int
    let column: Int
}
