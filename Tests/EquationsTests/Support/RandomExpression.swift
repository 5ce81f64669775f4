import Foundation

/// A seeded generator of random expressions over every operator and function of the
/// equation language, each with its source text and a reference evaluator written in plain
/// Swift (Foundation's functions), kept to domains where the functions are defined and
/// bounded: arguments of `log`, `sqrt`, fractional powers and divisors are shifted to be
/// positive (`1.5 + e^2`), `exp`, `sinh`, `cosh`, `tan` see `tanh`-squashed arguments.
struct RandomExpression {
    let text: String
    let value: @Sendable (_ x: [Double], _ p: [Double], _ t: Double) -> Double

    /// State names `x y z`, parameter names `a b c`, and `t`.
    static let stateNames = ["x", "y", "z"]
    static let parameterNames = ["a", "b", "c"]

    /// SplitMix64: a tiny seeded generator (the tests need no more).
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func int(_ n: Int) -> Int { Int(next() % UInt64(n)) }
        mutating func uniform(_ a: Double, _ b: Double) -> Double { a + (b - a) * Double(next() >> 11) / Double(1 << 53) }
    }

    static func random(depth: Int, _ g: inout Generator) -> RandomExpression {
        if depth == 0 || g.int(5) == 0 { return leaf(&g) }
        let a = random(depth: depth - 1, &g)
        let b = random(depth: depth - 1, &g)
        let (at, av, bt, bv) = (a.text, a.value, b.text, b.value)
        // A positive, bounded-away-from-zero wrapper: 1.5 + e^2.
        let pt = "(1.5 + (\(at))^2)"
        let pv: @Sendable ([Double], [Double], Double) -> Double = { 1.5 + av($0, $1, $2) * av($0, $1, $2) }
        switch g.int(22) {
        case 0: return .init(text: "(\(at) + \(bt))", value: { av($0, $1, $2) + bv($0, $1, $2) })
        case 1: return .init(text: "(\(at) - \(bt))", value: { av($0, $1, $2) - bv($0, $1, $2) })
        case 2, 3: return .init(text: "(\(at) * \(bt))", value: { av($0, $1, $2) * bv($0, $1, $2) })
        case 4: return .init(text: "(\(bt) / \(pt))", value: { bv($0, $1, $2) / pv($0, $1, $2) })
        case 5: return .init(text: "(-\(at))", value: { -av($0, $1, $2) })
        case 6: return .init(text: "sqrt\(pt)", value: { pv($0, $1, $2).squareRoot() })
        case 7: return .init(text: "exp(tanh(\(at)))", value: { Foundation.exp(Foundation.tanh(av($0, $1, $2))) })
        case 8: return .init(text: "log\(pt)", value: { Foundation.log(pv($0, $1, $2)) })
        case 9: return .init(text: "sin(\(at))", value: { Foundation.sin(av($0, $1, $2)) })
        case 10: return .init(text: "cos(\(at))", value: { Foundation.cos(av($0, $1, $2)) })
        case 11: return .init(text: "tan(tanh(\(at)))", value: { Foundation.tan(Foundation.tanh(av($0, $1, $2))) })
        case 12: return .init(text: "tanh(\(at))", value: { Foundation.tanh(av($0, $1, $2)) })
        case 13: return .init(text: "sinh(tanh(\(at)))", value: { Foundation.sinh(Foundation.tanh(av($0, $1, $2))) })
        case 14: return .init(text: "cosh(tanh(\(at)))", value: { Foundation.cosh(Foundation.tanh(av($0, $1, $2))) })
        case 15: return .init(text: "atan(\(at))", value: { Foundation.atan(av($0, $1, $2)) })
        case 16: return .init(text: "abs(\(at))", value: { Swift.abs(av($0, $1, $2)) })
        case 17: return .init(text: "min(\(at), \(bt))", value: { Swift.min(av($0, $1, $2), bv($0, $1, $2)) })
        case 18: return .init(text: "max(\(at), \(bt))", value: { Swift.max(av($0, $1, $2), bv($0, $1, $2)) })
        case 19:
            return .init(text: "pow(\(pt), tanh(\(bt)))",
                         value: { Foundation.pow(pv($0, $1, $2), Foundation.tanh(bv($0, $1, $2))) })
        case 20:
            // Constant exponents: integer (multiplications), half-integer (sqrt), other (pow).
            let exponents: [Double] = [0, 1, 2, 3, 4, 5, -1, -2, 0.5, -0.5, 1.5, -1.5, 2.5, 0.3, 2.7]
            let e = exponents[g.int(exponents.count)]
            return .init(text: "\(pt)^\(formatted(e))", value: { Foundation.pow(pv($0, $1, $2), e) })
        default:
            let e = Double(g.int(4) + 1)
            return .init(text: "(\(at))^\(formatted(e))", value: { Foundation.pow(av($0, $1, $2), e) })
        }
    }

    private static func formatted(_ e: Double) -> String { e < 0 ? "(\(e))" : "\(e)" }

    private static func leaf(_ g: inout Generator) -> RandomExpression {
        switch g.int(8) {
        case 0, 1, 2:
            let i = g.int(3)
            return .init(text: stateNames[i], value: { x, _, _ in x[i] })
        case 3, 4:
            let j = g.int(3)
            return .init(text: parameterNames[j], value: { _, p, _ in p[j] })
        case 5:
            return .init(text: "t", value: { _, _, t in t })
        default:
            let c = (g.uniform(-2, 2) * 100).rounded() / 100
            return .init(text: c < 0 ? "(\(c))" : "\(c)", value: { _, _, _ in c })
        }
    }
}
