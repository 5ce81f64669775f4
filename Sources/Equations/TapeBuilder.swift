/// Builds a ``Tape`` from expression nodes, sharing common subexpressions by hash-consing
/// (every node is interned: building `x*y` twice returns the same node), folding constants
/// with the tape's own arithmetic (``Opcode/apply(_:_:)``), applying identities that hold
/// exactly in IEEE arithmetic (`x+0`, `x−0`, `x·1`, `x/1`, `−(−x)`), and finally dropping every
/// node no output needs. Operands of commutative operations are put in a canonical order so
/// `x*y` and `y*x` are one node.
struct TapeBuilder {
    enum Node: Hashable {
        case state(Int)
        case parameter(Int)
        case time
        /// A constant, by bit pattern (so `0.0` and `-0.0` stay apart and NaN is hashable).
        case constant(UInt64)
        case operation(Opcode, Int, Int)
    }

    private(set) var nodes: [Node] = []
    private var ids: [Node: Int] = [:]
    let stateCount: Int
    let parameterCount: Int

    init(stateCount: Int, parameterCount: Int) {
        self.stateCount = stateCount
        self.parameterCount = parameterCount
        for i in 0..<stateCount { _ = intern(.state(i)) }
        for j in 0..<parameterCount { _ = intern(.parameter(j)) }
        _ = intern(.time)
    }

    private mutating func intern(_ node: Node) -> Int {
        if let id = ids[node] { return id }
        nodes.append(node)
        ids[node] = nodes.count - 1
        return nodes.count - 1
    }

    func state(_ i: Int) -> Int { i }
    func parameter(_ j: Int) -> Int { stateCount + j }
    var time: Int { stateCount + parameterCount }

    mutating func constant(_ value: Double) -> Int { intern(.constant(value.bitPattern)) }

    /// The constant value of node `id`, if it is a constant.
    func constantValue(_ id: Int) -> Double? {
        if case .constant(let bits) = nodes[id] { return Double(bitPattern: bits) }
        return nil
    }

    /// The node for `op(a, b)` (`b` ignored for unary operations), folded and shared.
    mutating func emit(_ op: Opcode, _ a: Int, _ b: Int? = nil) -> Int {
        let b = op.isBinary ? b! : a
        let ca = constantValue(a), cb = constantValue(b)
        if let ca, let cb { return constant(op.apply(ca, cb)) }
        switch op {
        case .add where ca == 0: return b
        case .add where cb == 0, .subtract where cb == 0: return a
        case .subtract where ca == 0: return emit(.negate, b)
        case .multiply where ca == 1: return b
        case .multiply where cb == 1, .divide where cb == 1: return a
        case .multiply where ca == -1: return emit(.negate, b)
        case .multiply where cb == -1: return emit(.negate, a)
        case .negate:
            if case let .operation(.negate, inner, _) = nodes[a] { return inner }
        default: break
        }
        let (x, y) = op.isCommutative && b < a ? (b, a) : (a, b)
        return intern(.operation(op, x, y))
    }

    /// `a ^ b`: a constant integer exponent (|b| ≤ 64) becomes repeated squaring
    /// (multiplications, hash-consed), a half-integer one adds one `sqrt` (`x^0.5 = sqrt(x)`,
    /// `x^1.5 = x·sqrt(x)`), a negative one a final reciprocal; any other exponent is `pow`.
    mutating func power(_ a: Int, _ b: Int) -> Int {
        guard let e = constantValue(b), constantValue(a) == nil else { return emit(.pow, a, b) }
        let magnitude = Swift.abs(e)
        guard magnitude <= 64, (2 * magnitude).rounded() == 2 * magnitude else { return emit(.pow, a, b) }
        var result: Int? = nil
        var integerPart = Int(magnitude.rounded(.down))
        if magnitude != Double(integerPart) { result = emit(.sqrt, a) }
        var square = a
        while integerPart > 0 {
            if integerPart & 1 == 1 { result = result.map { emit(.multiply, $0, square) } ?? square }
            integerPart >>= 1
            if integerPart > 0 { square = emit(.multiply, square, square) }
        }
        guard let result else { return constant(1) }
        return e < 0 ? emit(.divide, constant(1), result) : result
    }

    /// The finished tape: nodes the `outputs` need, constants and instructions renumbered into
    /// the register layout documented on ``Tape``.
    func finish(outputs: [Int]) -> Tape {
        var live = [Bool](repeating: false, count: nodes.count)
        for o in outputs { live[o] = true }
        for id in stride(from: nodes.count - 1, through: 0, by: -1) where live[id] {
            if case let .operation(_, a, b) = nodes[id] { live[a] = true; live[b] = true }
        }
        let leafCount = stateCount + parameterCount + 1
        var register = [Int](repeating: -1, count: nodes.count)
        for id in 0..<leafCount { register[id] = id }
        var constants: [Double] = []
        for (id, node) in nodes.enumerated() where live[id] {
            if case .constant(let bits) = node {
                register[id] = leafCount + constants.count
                constants.append(Double(bitPattern: bits))
            }
        }
        var instructions: [Instruction] = []
        let base = leafCount + constants.count
        for (id, node) in nodes.enumerated() where live[id] {
            if case let .operation(op, a, b) = node {
                register[id] = base + instructions.count
                instructions.append(Instruction(op: op, a: Int32(register[a]), b: Int32(register[b])))
            }
        }
        return Tape(stateCount: stateCount, parameterCount: parameterCount, constants: constants,
                    instructions: instructions, outputs: outputs.map { Int32(register[$0]) }, usesTime: live[time])
    }
}
