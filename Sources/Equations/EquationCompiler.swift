/// Equations resolved and compiled: state and parameter names and the tape.
struct CompiledEquations: Sendable, Equatable {
    let stateNames: [String]
    let parameterNames: [String]
    /// Declared parameters that no equation reads (their gradient is always 0): worth a warning.
    let unusedParameters: [String]
    /// The networks of `nn(…)` terms, in order of first appearance.
    let networks: [EquationNetwork]
    /// Main tape: leaves `[states | parameters | network outputs | t]` (network outputs as
    /// trailing pseudo-parameters, network by network).
    let tape: Tape
    /// The networks' inputs (network by network) from `[states | parameters | t]`; nil without networks.
    let inputTape: Tape?
}

/// Name resolution and compilation of parsed statements into a ``Tape``.
///
/// States are the targets of `d(x)/dt` in source order, or the declared list (each needs
/// exactly one derivative). A name in an expression is a state, an intermediate (defined
/// anywhere by `name = expr`; cycles are errors), `t`, or else a parameter: the remaining
/// free names in order of first appearance in the source, or the declared list (then any other
/// name is an error). Parameters with fixed values become constants (and fold).
///
/// `nn(U; e1, …, en)[k]` terms (universal differential equations, Rackauckas et al. 2020):
/// each network's inputs go to a separate input tape (every use of `U` must pass the same
/// inputs after sharing and folding, so `x*y` and `y*x` agree); in the main tape output `k` of
/// `U` is a leaf, a pseudo-parameter after the real ones. A network's output count is the
/// largest `k` used plus one. Inputs that reach an `nn` (directly or via an intermediate) are errors.
enum EquationCompiler {
    static func compile(source: String, states declaredStates: [String]?, parameters declaredParameters: [String]?,
                        fixed: [String: Double]) throws(EquationError) -> CompiledEquations {
        let statements = try Parser.parse(source)

        // States and intermediates.
        var derivatives: [String: Statement] = [:], derivativeOrder: [String] = []
        var intermediates: [String: Statement] = [:], intermediateOrder: [String] = []
        for s in statements {
            switch s.target {
            case .derivative(let name):
                guard name != "t" else { throw EquationError(.reservedName(name), line: s.line, column: s.column) }
                guard derivatives[name] == nil else { throw EquationError(.duplicateDerivative(name), line: s.line, column: s.column) }
                if let declaredStates, !declaredStates.contains(name) {
                    throw EquationError(.undeclaredState(name), line: s.line, column: s.column)
                }
                derivatives[name] = s
                derivativeOrder.append(name)
            case .intermediate(let name):
                guard name != "t" else { throw EquationError(.reservedName(name), line: s.line, column: s.column) }
                guard intermediates[name] == nil else { throw EquationError(.duplicateDefinition(name), line: s.line, column: s.column) }
                intermediates[name] = s
                intermediateOrder.append(name)
            }
        }
        if let declaredStates {
            for name in declaredStates where name == "t" { throw EquationError(.reservedName(name), line: 0, column: 0) }
            for name in declaredStates where derivatives[name] == nil { throw EquationError(.missingDerivative(name), line: 0, column: 0) }
        }
        let stateNames = declaredStates ?? derivativeOrder
        guard !stateNames.isEmpty else { throw EquationError(.noEquations, line: 0, column: 0) }
        for s in statements {
            if case .intermediate(let name) = s.target, derivatives[name] != nil || stateNames.contains(name) {
                throw EquationError(.duplicateDefinition(name), line: s.line, column: s.column)
            }
        }

        // Parameters: the free names.
        var seen: [(name: String, line: Int, column: Int)] = []
        for s in statements { s.expression.names(into: &seen) }
        var freeNames: [String] = []
        for use in seen where use.name != "t" && derivatives[use.name] == nil && intermediates[use.name] == nil {
            if let declaredParameters, !declaredParameters.contains(use.name) {
                throw EquationError(.unknownName(use.name), line: use.line, column: use.column)
            }
            if !freeNames.contains(use.name) { freeNames.append(use.name) }
        }
        let allParameters = declaredParameters ?? freeNames
        for name in allParameters where name == "t" || stateNames.contains(name) || intermediates[name] != nil {
            throw EquationError(.reservedName(name), line: 0, column: 0)
        }
        for name in fixed.keys.sorted() where !allParameters.contains(name) {
            throw EquationError(.unknownParameter(name), line: 0, column: 0)
        }
        let parameterNames = allParameters.filter { fixed[$0] == nil }

        // Networks: output counts, and their inputs compiled into the input tape.
        var calls: [NetworkCall] = []
        for s in statements { s.expression.networkCalls(into: &calls) }
        var networkOrder: [String] = [], outputCounts: [String: Int] = [:]
        for call in calls {
            if outputCounts[call.name] == nil { networkOrder.append(call.name) }
            outputCounts[call.name] = max(outputCounts[call.name] ?? 0, call.output + 1)
        }
        func start(_ extraLeaves: Int) -> Compilation {
            var c = Compilation(builder: TapeBuilder(stateCount: stateNames.count, parameterCount: parameterNames.count + extraLeaves),
                                intermediates: intermediates)
            for (i, name) in stateNames.enumerated() { c.resolved[name] = c.builder.state(i) }
            for (j, name) in parameterNames.enumerated() { c.resolved[name] = c.builder.parameter(j) }
            for (name, value) in fixed { c.resolved[name] = c.builder.constant(value) }
            c.resolved["t"] = c.builder.time
            return c
        }
        var networks: [EquationNetwork] = [], inputTape: Tape?
        if !calls.isEmpty {
            var inputs = start(0)
            var inputNodes: [String: [Int]] = [:]
            for call in calls {
                inputs.enclosingNetwork = call.name
                var nodes: [Int] = []
                for e in call.inputs { nodes.append(try inputs.expression(e)) }
                if let first = inputNodes[call.name] {
                    guard first == nodes else { throw EquationError(.networkInputsDiffer(call.name), line: call.line, column: call.column) }
                } else {
                    inputNodes[call.name] = nodes
                }
            }
            inputTape = inputs.builder.finish(outputs: networkOrder.flatMap { inputNodes[$0]! })
            var inputOffset = 0, outputOffset = 0
            for name in networkOrder {
                let network = EquationNetwork(name: name, inputCount: inputNodes[name]!.count, outputCount: outputCounts[name]!,
                                              inputOffset: inputOffset, outputOffset: outputOffset)
                networks.append(network)
                inputOffset += network.inputCount
                outputOffset += network.outputCount
            }
        }
        var compilation = start(networks.reduce(0) { $0 + $1.outputCount })
        for network in networks { compilation.networkLeaves[network.name] = parameterNames.count + network.outputOffset }
        for name in intermediateOrder { _ = try compilation.intermediate(name) }
        var outputs: [Int] = []
        for name in stateNames { outputs.append(try compilation.expression(derivatives[name]!.expression)) }
        return CompiledEquations(stateNames: stateNames, parameterNames: parameterNames,
                                 unusedParameters: allParameters.filter { name in !freeNames.contains(name) },
                                 networks: networks, tape: compilation.builder.finish(outputs: outputs), inputTape: inputTape)
    }
}

/// The mutable state of one compilation: the builder and the nodes of resolved names.
private struct Compilation {
    var builder: TapeBuilder
    let intermediates: [String: Statement]
    var resolved: [String: Int] = [:]
    /// The parameter index of each network's output 0 (main tape).
    var networkLeaves: [String: Int] = [:]
    /// Set while compiling a network's inputs (input tape): an `nn` reached then is an error.
    var enclosingNetwork: String?
    /// Intermediates being compiled (innermost last): finding one again is a cycle.
    var inProgress: [String] = []

    mutating func intermediate(_ name: String) throws(EquationError) -> Int {
        if let node = resolved[name] { return node }
        let statement = intermediates[name]!
        if let start = inProgress.firstIndex(of: name) {
            let first = intermediates[inProgress[start]]!
            throw EquationError(.cycle(Array(inProgress[start...]) + [name]), line: first.line, column: first.column)
        }
        inProgress.append(name)
        let node = try expression(statement.expression)
        inProgress.removeLast()
        resolved[name] = node
        return node
    }

    mutating func expression(_ e: Expression) throws(EquationError) -> Int {
        switch e {
        case .number(let value):
            return builder.constant(value)
        case let .name(name, line, column):
            if let node = resolved[name] { return node }
            if intermediates[name] != nil { return try intermediate(name) }
            throw EquationError(.unknownName(name), line: line, column: column)
        case .negate(let inner):
            return builder.emit(.negate, try expression(inner))
        case let .binary(op, left, right):
            let a = try expression(left), b = try expression(right)
            switch op {
            case .add: return builder.emit(.add, a, b)
            case .subtract: return builder.emit(.subtract, a, b)
            case .multiply: return builder.emit(.multiply, a, b)
            case .divide: return builder.emit(.divide, a, b)
            case .power: return builder.power(a, b)
            }
        case let .call(function, arguments):
            var nodes: [Int] = []
            for argument in arguments { nodes.append(try expression(argument)) }
            switch function {
            case .pow: return builder.power(nodes[0], nodes[1])
            case .min: return builder.emit(.min, nodes[0], nodes[1])
            case .max: return builder.emit(.max, nodes[0], nodes[1])
            case .sqrt: return builder.emit(.sqrt, nodes[0])
            case .exp: return builder.emit(.exp, nodes[0])
            case .log: return builder.emit(.log, nodes[0])
            case .sin: return builder.emit(.sin, nodes[0])
            case .cos: return builder.emit(.cos, nodes[0])
            case .tan: return builder.emit(.tan, nodes[0])
            case .tanh: return builder.emit(.tanh, nodes[0])
            case .sinh: return builder.emit(.sinh, nodes[0])
            case .cosh: return builder.emit(.cosh, nodes[0])
            case .atan: return builder.emit(.atan, nodes[0])
            case .abs: return builder.emit(.abs, nodes[0])
            }
        case let .network(call):
            if let outer = enclosingNetwork { throw EquationError(.nestedNetwork(outer: outer), line: call.line, column: call.column) }
            return builder.parameter(networkLeaves[call.name]! + call.output)
        }
    }
}
