import Randomness
import Equations
import Models
import ODE
import Testing
import TestSupport

/// Universal differential equations (`nn(name; inputs…)[k]` terms): the composition's value,
/// VJP, JVP and ∂f/∂t against central differences, the starting model, naming and the
/// specification's round trip.
@Suite("UniversalEquationModel")
struct UniversalEquationModelTests {
    /// Two networks, shared inputs, a time input, fixed and learned parameters: every path of the composition.
    static let source = """
        r = x*y
        d(x)/dt = a*x - nn(U; x, r, sin(t))[0] + c
        d(y)/dt = -b*y + nn(U; x, r, sin(t))[1] * nn(V; a*y)[0]
        d(z)/dt = nn(V; a*y)[1] - z
        """

    func model(_ activation: Activation, hidden: [Int]) throws -> UniversalEquationModel {
        try UniversalEquationModel(source: Self.source, networks: ["U": NetworkSettings(hiddenWidths: hidden, activation: activation),
                                                                   "V": NetworkSettings(hiddenWidths: [3], activation: activation)],
                                   fixed: ["c": 0.25])
    }

    /// Parameters with every weight random (the initial output layers are zero, which would hide the hidden layers' terms).
    func randomParameters(_ model: UniversalEquationModel, seed: UInt64) -> [Double] {
        var random = SeededRandom(seed: seed)
        return randomVector(model.parameterCount, &random, scale: 0.8)
    }

    /// `J·(ẏ, ṗ)` as an array.
    func jvp<F: ForwardDifferentiableVectorField>(_ field: F, t: Double, _ y: [Double], _ p: [Double], _ u: [Double], _ q: [Double]) -> [Double] {
        var out = [Double](repeating: .nan, count: field.dimension)
        y.withUnsafeBufferPointer { yb in p.withUnsafeBufferPointer { pb in u.withUnsafeBufferPointer { ub in q.withUnsafeBufferPointer { qb in
            out.withUnsafeMutableBufferPointer { field.jacobianVectorProduct(t: t, y: yb, parameters: pb, stateTangent: ub, parameterTangent: qb, into: $0) }
        } } } }
        return out
    }

    @Test("layout: the equations' parameters, then one weight block per network; the fixed one is compiled in")
    func layout() throws {
        let m = try model(.tanh, hidden: [4, 5])
        #expect(m.equations.parameterNames == ["a", "b"])
        #expect(m.networks.map(\.architecture) == ["3-4-5-2 tanh", "1-3-2 tanh"])
        let u = 3 * 4 + 4 + 4 * 5 + 5 + 5 * 2 + 2, v = 1 * 3 + 3 + 3 * 2 + 2
        #expect(m.parameterCount == 2 + u + v)
        #expect(m.parameterBlocks.map(\.name) == ["a", "b", "nn.U", "nn.V"])
        #expect(m.parameterBlocks.map(\.range) == [0..<1, 1..<2, 2..<(2 + u), (2 + u)..<(2 + u + v)])
        #expect(!m.isAutonomous)
    }

    @Test("VJP against central differences, for every activation and depth", arguments: Activation.allCases)
    func vectorJacobianProduct(activation: Activation) throws {
        for hidden in [[], [6], [4, 5]] {
            let m = try model(activation, hidden: hidden)
            let p = randomParameters(m, seed: 7)
            let error = VJPChecker.maxRelativeError(m, t: 0.6, y: [0.7, -0.3, 0.4], parameters: p, cotangent: [0.9, -1.3, 0.5])
            #expect(error < 1e-8, "\(activation) \(hidden): \(error)")
        }
    }

    @Test("JVP against central differences along a random direction in (y, p), and ⟨v, J u⟩ = ⟨Jᵀv, u⟩", arguments: Activation.allCases)
    func jacobianVectorProduct(activation: Activation) throws {
        var random = SeededRandom(seed: 21)
        for hidden in [[], [6], [4, 5]] {
            let m = try model(activation, hidden: hidden)
            let p = randomParameters(m, seed: 8), y = [0.7, -0.3, 0.4], t = 0.6
            let u = randomVector(3, &random), q = randomVector(m.parameterCount, &random), v = randomVector(3, &random)
            let analytic = jvp(m, t: t, y, p, u, q)
            let h = 1e-6
            let plus = evaluate(m, t: t, zip(y, u).map { $0 + h * $1 }, zip(p, q).map { $0 + h * $1 })
            let minus = evaluate(m, t: t, zip(y, u).map { $0 - h * $1 }, zip(p, q).map { $0 - h * $1 })
            for i in 0..<3 {
                let numeric = (plus[i] - minus[i]) / (2 * h)
                #expect(abs(analytic[i] - numeric) < 1e-7 * max(1, abs(numeric)), "\(activation) \(hidden) component \(i)")
            }
            let (gy, gp) = vjp(m, t: t, y, p, v)
            let forward = zip(v, analytic).reduce(0) { $0 + $1.0 * $1.1 }
            let reverse = zip(gy, u).reduce(0) { $0 + $1.0 * $1.1 } + zip(gp, q).reduce(0) { $0 + $1.0 * $1.1 }
            #expect(abs(forward - reverse) < 1e-12 * max(1, abs(forward)), "\(activation) \(hidden)")
        }
    }

    @Test("∂f/∂t (t reaches the equations only through a network input) against central differences in t")
    func timeDerivative() throws {
        let m = try model(.silu, hidden: [4, 5])
        let p = randomParameters(m, seed: 9), y = [0.7, -0.3, 0.4], t = 0.6
        var slope = [Double](repeating: .nan, count: 3)
        y.withUnsafeBufferPointer { yb in p.withUnsafeBufferPointer { pb in
            slope.withUnsafeMutableBufferPointer { m.timeDerivative(t: t, y: yb, parameters: pb, into: $0) }
        } }
        let h = 1e-5
        let plus = evaluate(m, t: t + h, y, p), minus = evaluate(m, t: t - h, y, p)
        for i in 0..<3 {
            let numeric = (plus[i] - minus[i]) / (2 * h)
            #expect(abs(slope[i] - numeric) < 1e-8 * max(1, abs(numeric)), "component \(i): \(slope[i]) vs \(numeric)")
        }
        #expect(abs(slope[0]) > 1e-3, "the test must exercise the time path")
        #expect(slope[2] == 0, "V does not read t")
    }

    @Test("the starting model is exactly the known physics (zero output layers); the same seed gives the same weights")
    func startsAsThePhysics() throws {
        let m = try model(.tanh, hidden: [8, 8])
        let p = m.initialParameters(equationParameters: [1.3, 0.7], seed: 4)
        #expect(p == m.initialParameters(equationParameters: [1.3, 0.7], seed: 4))
        #expect(p != m.initialParameters(equationParameters: [1.3, 0.7], seed: 5))
        let physics = try EquationModel(source: "d(x)/dt = a*x + 0.25; d(y)/dt = -b*y; d(z)/dt = -z")
        for y in [[0.7, -0.3, 0.4], [2, 3, -1]] {
            #expect(evaluate(m, t: 0.4, y, p) == evaluate(physics, t: 0.4, y, [1.3, 0.7]))
        }
        // The hidden weights are not zero, so the first gradient step reaches the output layer.
        let u = m.parameterBlocks[2].range
        #expect(p[u].contains { $0 != 0 })
    }

    @Test("errors: a network without settings, settings for no network")
    func settingsErrors() throws {
        let equations = try EquationModel(source: "d(x)/dt = nn(U; x)[0]")
        #expect(throws: ModelSpecificationError.self) { try UniversalEquationModel(equations: equations, networks: [:]) }
        #expect(throws: ModelSpecificationError.self) {
            try UniversalEquationModel(equations: equations, networks: ["U": .standard, "W": .standard])
        }
    }

    @Test("a specification with networks: JSON round trip, build, domains, and the defaults filled in for undeclared networks")
    func specification() throws {
        let base = try EquationSpecification.inferred(source: "d(x)/dt = -k*x + nn(U; x)[0]; d(y)/dt = nn(W; x, y)[0]",
                                                      values: ["k": 0.5])
        var specification = base
        specification.networks = ["U": NetworkSettings(hiddenWidths: [3], activation: .softplus)]
        let filled = try specification.withNetworkDefaults(NetworkSettings(hiddenWidths: [2, 2]))
        #expect(filled.networks == ["U": NetworkSettings(hiddenWidths: [3], activation: .softplus),
                                    "W": NetworkSettings(hiddenWidths: [2, 2], activation: .tanh)])
        let model = ModelSpecification.equations(filled)
        let json = try model.jsonString()
        #expect(json.contains("\"networks\":{\"U\":{\"activation\":\"softplus\",\"hiddenWidths\":[3]}"))
        #expect(try ModelSpecification(jsonString: json) == model)
        let (field, start) = try model.build(seed: 3)
        #expect(field is UniversalEquationModel)
        #expect(start.count == 1 + (3 + 3 + 3 + 1) + (4 + 2 + 4 + 2 + 2 + 1))
        #expect(start == (try model.build(seed: 3).initialParameters))
        #expect(try model.parameterDomains().count == start.count)
        #expect(try model.parameterNames().first == "k")
        // Plain equations keep their JSON (no networks key) and their model type.
        let plain = ModelSpecification.equations(try EquationSpecification.inferred(source: "d(x)/dt = -k*x", values: ["k": 1]))
        #expect(try !plain.jsonString().contains("networks"))
        #expect(try plain.makeField() is EquationModel)
        #expect(throws: ModelSpecificationError.self) { try ModelSpecification.equations(base).validate() }
    }
}
