import Testing
import Equations
import TestSupport

/// The tape against a plain-Swift reference (values) and central finite differences
/// (VJP, JVP, ∂f/∂t) on seeded random systems over every operator and function.
@Suite struct RandomExpressionTests {
    struct System {
        let source: String
        let reference: ([Double], [Double], Double) -> [Double]
    }

    /// System `k`: an intermediate `D1` and three derivatives using it.
    static func system(_ k: Int) -> System {
        var g = RandomExpression.Generator(state: 0x5EED_0000 + UInt64(k))
        let e = (0..<4).map { _ in RandomExpression.random(depth: 4, &g) }
        let source = """
            # random system \(k)
            D1 = \(e[0].text)
            d(x)/dt = \(e[1].text) + D1
            d(y)/dt = \(e[2].text) * D1; d(z)/dt = \(e[3].text)
            """
        let v = e.map(\.value)
        return System(source: source) { x, p, t in
            let d1 = v[0](x, p, t)
            return [v[1](x, p, t) + d1, v[2](x, p, t) * d1, v[3](x, p, t)]
        }
    }

    static let count = 300

    func model(_ s: System) throws -> EquationModel {
        try EquationModel(source: s.source, states: ["x", "y", "z"], parameters: ["a", "b", "c"])
    }

    func point(_ k: Int) -> (y: [Double], p: [Double], t: Double, v: [Double], dy: [Double], dp: [Double]) {
        var g = RandomExpression.Generator(state: 0xA11CE + UInt64(k))
        func vector() -> [Double] { (0..<3).map { _ in g.uniform(-1.5, 1.5) } }
        return (vector(), vector(), g.uniform(-1, 1), vector(), vector(), vector())
    }

    @Test func valuesMatchTheReferenceToRounding() throws {
        var worst = 0.0
        for k in 0..<Self.count {
            let s = Self.system(k), m = try model(s), q = point(k)
            let error = FieldProbe.relativeError(FieldProbe.value(m, t: q.t, y: q.y, p: q.p), s.reference(q.y, q.p, q.t))
            #expect(error < 1e-12, "system \(k): \(error)\n\(s.source)")
            worst = max(worst, error)
        }
        print("random expressions: worst value error \(worst)")
    }

    @Test func vjpMatchesFiniteDifferences() throws {
        var worst = 0.0
        for k in 0..<Self.count {
            let s = Self.system(k), m = try model(s), q = point(k)
            // Central differences lose eps·|f|/h: scale the tolerance with the value's size.
            let size = FieldProbe.value(m, t: q.t, y: q.y, p: q.p).map(abs).max()!
            let error = VJPChecker.maxRelativeError(m, t: q.t, y: q.y, parameters: q.p, cotangent: q.v) / max(1, size)
            #expect(error < 1e-6, "system \(k): \(error)\n\(s.source)")
            worst = max(worst, error)
        }
        print("random expressions: worst VJP error vs central differences \(worst)")
    }

    @Test func jvpMatchesFiniteDifferencesAndTheVJP() throws {
        var worstFD = 0.0, worstDual = 0.0
        let h = 1e-6
        for k in 0..<Self.count {
            let s = Self.system(k), m = try model(s), q = point(k)
            let jvp = FieldProbe.jvp(m, t: q.t, y: q.y, p: q.p, dy: q.dy, dp: q.dp)
            let plus = FieldProbe.value(m, t: q.t, y: zip(q.y, q.dy).map { $0 + h * $1 }, p: zip(q.p, q.dp).map { $0 + h * $1 })
            let minus = FieldProbe.value(m, t: q.t, y: zip(q.y, q.dy).map { $0 - h * $1 }, p: zip(q.p, q.dp).map { $0 - h * $1 })
            let fd = zip(plus, minus).map { ($0 - $1) / (2 * h) }
            let error = FieldProbe.relativeError(jvp, fd)
            #expect(error < 1e-6, "system \(k): \(error)\n\(s.source)")
            worstFD = max(worstFD, error)
            // vᵀ(J u) = (Jᵀ v)ᵀ u, to rounding.
            let (gy, gp) = FieldProbe.vjp(m, t: q.t, y: q.y, p: q.p, v: q.v)
            let left = zip(q.v, jvp).reduce(0) { $0 + $1.0 * $1.1 }
            let right = zip(gy, q.dy).reduce(0) { $0 + $1.0 * $1.1 } + zip(gp, q.dp).reduce(0) { $0 + $1.0 * $1.1 }
            let dual = abs(left - right) / max(1, abs(left))
            #expect(dual < 1e-12, "system \(k): vᵀJu \(left) vs uᵀJᵀv \(right)")
            worstDual = max(worstDual, dual)
        }
        print("random expressions: worst JVP error vs central differences \(worstFD), vᵀJu vs (Jᵀv)ᵀu \(worstDual)")
    }

    @Test func timeDerivativeMatchesFiniteDifferences() throws {
        var worst = 0.0, timeDependent = 0
        let h = 1e-6
        for k in 0..<Self.count {
            let s = Self.system(k), m = try model(s), q = point(k)
            let analytic = FieldProbe.timeDerivative(m, t: q.t, y: q.y, p: q.p)
            let plus = FieldProbe.value(m, t: q.t + h, y: q.y, p: q.p), minus = FieldProbe.value(m, t: q.t - h, y: q.y, p: q.p)
            let error = FieldProbe.relativeError(analytic, zip(plus, minus).map { ($0 - $1) / (2 * h) })
            #expect(error < 1e-6, "system \(k): \(error)\n\(s.source)")
            worst = max(worst, error)
            if m.isAutonomous {
                #expect(analytic.allSatisfy { $0 == 0 }, "system \(k) is autonomous but ∂f/∂t ≠ 0")
            } else {
                timeDependent += 1
            }
            let code = s.source.split(separator: "\n").dropFirst().joined(separator: " ")
            let mentionsTime = code.split(whereSeparator: { !$0.isLetter && !$0.isNumber && $0 != "_" }).contains("t")
            // `t` may vanish from the tape (e.g. `t^0` folds to 1), so only one direction is exact.
            if !mentionsTime { #expect(m.isAutonomous, "system \(k)") }
        }
        #expect(timeDependent > Self.count / 4)
        print("random expressions: worst ∂f/∂t error vs central differences \(worst) (\(timeDependent) of \(Self.count) depend on t)")
    }
}
