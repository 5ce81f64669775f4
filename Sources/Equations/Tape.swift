import Foundation

/// One operation of the instruction tape.
enum Opcode: UInt8, Sendable, Hashable {
    case add, subtract, multiply, divide, negate
    case sqrt, exp, log, sin, cos, tan, tanh, sinh, cosh, atan, abs, min, max, pow

    /// Whether the operation reads its second operand.
    var isBinary: Bool {
        switch self {
        case .add, .subtract, .multiply, .divide, .min, .max, .pow: return true
        default: return false
        }
    }

    /// Whether the operands may be swapped (hash-consing sorts them). Not `min`/`max`: their
    /// tie rule (the derivative goes to the first argument) depends on the order.
    var isCommutative: Bool {
        switch self {
        case .add, .multiply: return true
        default: return false
        }
    }

    /// The operation's value: the one definition used by constant folding and by the tape.
    @inline(__always)
    func apply(_ a: Double, _ b: Double) -> Double {
        switch self {
        case .add: return a + b
        case .subtract: return a - b
        case .multiply: return a * b
        case .divide: return a / b
        case .negate: return -a
        case .sqrt: return a.squareRoot()
        case .exp: return Foundation.exp(a)
        case .log: return Foundation.log(a)
        case .sin: return Foundation.sin(a)
        case .cos: return Foundation.cos(a)
        case .tan: return Foundation.tan(a)
        case .tanh: return Foundation.tanh(a)
        case .sinh: return Foundation.sinh(a)
        case .cosh: return Foundation.cosh(a)
        case .atan: return Foundation.atan(a)
        case .abs: return Swift.abs(a)
        case .min: return a <= b ? a : b
        case .max: return a >= b ? a : b
        case .pow: return Foundation.pow(a, b)
        }
    }

    /// The partial derivatives `(∂z/∂a, ∂z/∂b)` of `z = apply(a, b)`, given `z`.
    ///
    /// At the non-differentiable points the choice is one-sided and documented:
    /// `abs` at 0 takes the right derivative (+1); `min`/`max` at a tie give the whole
    /// derivative to the first argument (`min(a, b)` is `a` when `a ≤ b`); `pow(a, b)`
    /// contributes `∂/∂b = z·log a` only where `a > 0` (0 elsewhere, where `log a` is undefined).
    @inline(__always)
    func partials(_ a: Double, _ b: Double, _ z: Double) -> (Double, Double) {
        switch self {
        case .add: return (1, 1)
        case .subtract: return (1, -1)
        case .multiply: return (b, a)
        case .divide: return (1 / b, -z / b)
        case .negate: return (-1, 0)
        case .sqrt: return (0.5 / z, 0)
        case .exp: return (z, 0)
        case .log: return (1 / a, 0)
        case .sin: return (Foundation.cos(a), 0)
        case .cos: return (-Foundation.sin(a), 0)
        case .tan: return (1 + z * z, 0)
        case .tanh: return (1 - z * z, 0)
        case .sinh: return (Foundation.cosh(a), 0)
        case .cosh: return (Foundation.sinh(a), 0)
        case .atan: return (1 / (1 + a * a), 0)
        case .abs: return (a >= 0 ? 1 : -1, 0)
        case .min: return a <= b ? (1, 0) : (0, 1)
        case .max: return a >= b ? (1, 0) : (0, 1)
        case .pow: return (b * Foundation.pow(a, b - 1), a > 0 ? z * Foundation.log(a) : 0)
        }
    }
}

/// One instruction: `register[base + k] = op(register[a], register[b])` (`b == a` for unary ops).
struct Instruction: Sendable, Equatable {
    var op: Opcode
    var a: Int32
    var b: Int32
}

/// A compiled straight-line program over a register file laid out as
/// `[states (n) | parameters (m) | t | constants (c) | one register per instruction]`.
///
/// Built by ``TapeBuilder`` (hash-consed, constant-folded, dead code removed) and run by
/// ``TapeProgram`` forward for values and tangents and backward for cotangents; the caller
/// supplies the register file, so evaluation allocates nothing.
struct Tape: Sendable, Equatable {
    let stateCount: Int
    let parameterCount: Int
    let constants: [Double]
    let instructions: [Instruction]
    /// Register of each output: the state derivatives in state order (or, for a network input
    /// tape, the networks' inputs).
    let outputs: [Int32]
    /// Whether any live instruction (or output) reads `t`.
    let usesTime: Bool

    var timeRegister: Int { stateCount + parameterCount }
    var constantBase: Int { stateCount + parameterCount + 1 }
    var instructionBase: Int { constantBase + constants.count }
    /// Size of the register file.
    var registerCount: Int { instructionBase + instructions.count }
}
