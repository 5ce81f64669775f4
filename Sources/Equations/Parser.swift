/// Recursive-descent parser for the equation language (one function per precedence level).
///
///     program   := statement? (separator statement?)*
///     statement := derivative "=" expr  |  name "=" expr
///     derivative:= "d" "(" name ")" "/" "dt"  |  "d"name "/" "dt"  |  name "'"
///
/// The three spellings of a derivative are the same statement: `d(S)/dt`, `dS/dt` (a name
/// that starts with `d` followed by `/dt`: the state is the rest of the name) and `S'`. None of
/// them is a valid definition `name = expr`, so no program changes meaning by accepting them.
///     expr      := term (("+" | "-") term)*
///     term      := unary (("*" | "/") unary)*
///     unary     := ("-" | "+") unary | power
///     power     := primary ("^" unary)?          (right-associative: a^b^c = a^(b^c))
///     primary   := number | name | function "(" expr ("," expr)* ")" | "(" expr ")" | network
///     network   := "nn" "(" name ";" expr ("," expr)* ")" "[" integer "]"
///
/// So `-x^2` is `-(x^2)` and `2^-1` is `0.5`, as in mathematics and Python.
struct Parser {
    private let tokens: [Token]
    private var index = 0
    /// The network whose inputs are being parsed (an `nn` inside them is an error).
    private var enclosingNetwork: String?

    private init(tokens: [Token]) { self.tokens = tokens }

    /// Parses the whole source into statements (in source order).
    static func parse(_ source: String) throws(EquationError) -> [Statement] {
        var parser = Parser(tokens: try Lexer.tokens(source))
        return try parser.program()
    }

    private var current: Token { tokens[index] }
    private var next: Token { tokens[min(index + 1, tokens.count - 1)] }

    private mutating func advance() -> Token {
        let token = tokens[index]
        if index < tokens.count - 1 { index += 1 }
        return token
    }

    private func unexpected(_ expected: String) -> EquationError {
        let found = current.kind == .end ? "end of input" : (current.kind == .separator && current.text == "newline" ? "end of line" : "\"\(current.text)\"")
        return EquationError(.unexpectedToken(found: found, expected: expected), line: current.line, column: current.column)
    }

    private mutating func expect(_ kind: Token.Kind, _ description: String) throws(EquationError) {
        guard current.kind == kind else { throw unexpected(description) }
        _ = advance()
    }

    private mutating func program() throws(EquationError) -> [Statement] {
        var statements: [Statement] = []
        while current.kind != .end {
            if current.kind == .separator { _ = advance(); continue }
            statements.append(try statement())
            guard current.kind == .separator || current.kind == .end else { throw unexpected("\";\" or end of line") }
        }
        return statements
    }

    private mutating func statement() throws(EquationError) -> Statement {
        let start = current
        guard case .name(let name) = start.kind else { throw unexpected("d(state)/dt or a name to define") }
        if name == "d", next.kind == .leftParen {
            _ = advance(); _ = advance()
            let stateToken = current
            guard case .name(let state) = stateToken.kind else { throw unexpected("a state name inside d(…)") }
            _ = advance()
            try expect(.rightParen, "\")\"")
            try expect(.slash, "\"/\" in d(\(state))/dt")
            guard current.kind == .name("dt") else { throw unexpected("\"dt\" in d(\(state))/dt") }
            _ = advance()
            try expect(.equals, "\"=\"")
            return Statement(target: .derivative(state), expression: try expression(),
                             line: stateToken.line, column: stateToken.column)
        }
        _ = advance()
        if name.count > 1, name.hasPrefix("d"), current.kind == .slash, next.kind == .name("dt") {
            _ = advance(); _ = advance()
            try expect(.equals, "\"=\"")
            return Statement(target: .derivative(String(name.dropFirst())), expression: try expression(),
                             line: start.line, column: start.column + 1)
        }
        if current.kind == .prime {
            _ = advance()
            try expect(.equals, "\"=\"")
            return Statement(target: .derivative(name), expression: try expression(), line: start.line, column: start.column)
        }
        try expect(.equals, "\"=\"")
        return Statement(target: .intermediate(name), expression: try expression(), line: start.line, column: start.column)
    }

    private mutating func expression() throws(EquationError) -> Expression {
        var left = try term()
        while true {
            switch current.kind {
            case .plus: _ = advance(); left = .binary(.add, left, try term())
            case .minus: _ = advance(); left = .binary(.subtract, left, try term())
            default: return left
            }
        }
    }

    private mutating func term() throws(EquationError) -> Expression {
        var left = try unary()
        while true {
            switch current.kind {
            case .star: _ = advance(); left = .binary(.multiply, left, try unary())
            case .slash: _ = advance(); left = .binary(.divide, left, try unary())
            default: return left
            }
        }
    }

    private mutating func unary() throws(EquationError) -> Expression {
        switch current.kind {
        case .minus: _ = advance(); return .negate(try unary())
        case .plus: _ = advance(); return try unary()
        default: return try power()
        }
    }

    private mutating func power() throws(EquationError) -> Expression {
        let base = try primary()
        guard current.kind == .caret else { return base }
        _ = advance()
        return .binary(.power, base, try unary())
    }

    private mutating func primary() throws(EquationError) -> Expression {
        let token = current
        switch token.kind {
        case .number(let value):
            _ = advance()
            return .number(value)
        case .leftParen:
            _ = advance()
            let inner = try expression()
            try expect(.rightParen, "\")\"")
            return inner
        case .name(let name):
            _ = advance()
            guard current.kind == .leftParen else { return .name(name, line: token.line, column: token.column) }
            if name == "nn" { return try network(at: token) }
            guard let function = BuiltinFunction(rawValue: name) else {
                throw EquationError(.unknownFunction(name), line: token.line, column: token.column)
            }
            _ = advance()
            var arguments = [try expression()]
            while current.kind == .comma {
                _ = advance()
                arguments.append(try expression())
            }
            try expect(.rightParen, "\",\" or \")\"")
            guard arguments.count == function.arity else {
                throw EquationError(.wrongArgumentCount(function: name, expected: function.arity, found: arguments.count),
                                    line: token.line, column: token.column)
            }
            return .call(function, arguments)
        default:
            throw unexpected("a number, a name or \"(\"")
        }
    }

    /// `nn(name; e1, e2, …)[k]`, after `nn` (the current token is `(`). The inputs may not
    /// contain another `nn`; `k` is a non-negative integer literal (0-based).
    private mutating func network(at start: Token) throws(EquationError) -> Expression {
        if let outer = enclosingNetwork {
            throw EquationError(.nestedNetwork(outer: outer), line: start.line, column: start.column)
        }
        _ = advance()
        guard case .name(let name) = current.kind else { throw unexpected("a network name in nn(name; inputs…)") }
        _ = advance()
        guard current.kind == .separator, current.text == ";" else { throw unexpected("\";\" after the network name in nn(\(name); inputs…)") }
        _ = advance()
        enclosingNetwork = name
        var inputs = [try expression()]
        while current.kind == .comma {
            _ = advance()
            inputs.append(try expression())
        }
        enclosingNetwork = nil
        try expect(.rightParen, "\",\" or \")\"")
        guard current.kind == .leftBracket else { throw unexpected("\"[\" and an output index after nn(\(name); …), e.g. nn(\(name); …)[0]") }
        _ = advance()
        let indexToken = current
        guard case .number(let value) = indexToken.kind, value >= 0, value == value.rounded(), value < 1_000_000 else {
            throw EquationError(.badNetworkOutput(name: name, index: indexToken.text), line: indexToken.line, column: indexToken.column)
        }
        _ = advance()
        try expect(.rightBracket, "\"]\"")
        return .network(NetworkCall(name: name, inputs: inputs, output: Int(value), line: start.line, column: start.column))
    }
}
