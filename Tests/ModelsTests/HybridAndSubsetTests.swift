import Randomness
import Models
import ODE
import Physics
import TestSupport
import Testing

@Suite("HybridVectorField and SubsetParameterField")
struct HybridAndSubsetTests {
    @Test("hybrid = known + mlp, and its VJP sums both parts")
    func hybrid() {
        var random = SeededRandom(seed: 21)
        let mlp = MLPVectorField(stateDimension: 2, hiddenWidths: [12, 7], activation: .softplus, timeInput: true)
        let field = HybridVectorField(known: LotkaVolterra(), correction: mlp)
        #expect(field.parameterCount == 4 + mlp.parameterCount)
        let theta = randomizedParameters(mlp, seed: 1)
        let p = field.initialParameters(known: LotkaVolterra.defaultParameters, seed: 1)
        #expect(p == LotkaVolterra.defaultParameters + mlp.initialParameters(seed: 1))
        let q = LotkaVolterra.defaultParameters + theta
        for _ in 0..<5 {
            let y = randomVector(2, &random, scale: 2), v = randomVector(2, &random), t = random.uniform()
            #expect(VJPChecker.maxRelativeError(field, t: t, y: y, parameters: q, cotangent: v) < 1e-7)
            let sum = zip(evaluate(LotkaVolterra(), t: t, y, LotkaVolterra.defaultParameters), evaluate(mlp, t: t, y, theta)).map(+)
            #expect(evaluate(field, t: t, y, q) == sum)
            let (gy, gp) = vjp(field, t: t, y, q, v)
            let (ky, kp) = vjp(LotkaVolterra(), t: t, y, LotkaVolterra.defaultParameters, v)
            let (my, mp) = vjp(mlp, t: t, y, theta, v)
            #expect(gp == kp + mp)
            for k in 0..<2 { #expect(abs(gy[k] - (ky[k] + my[k])) <= 1e-15 * max(1, abs(gy[k]))) }
        }
    }

    @Test("hybrid over N-body with masses learnable (three bodies, 18-D)")
    func hybridNBody() {
        var random = SeededRandom(seed: 22)
        let known = SubsetParameterField.nBodyLearningMasses(masses: [1.1, 1.1, 0.9], G: 1.3, softening: 0.05)
        let mlp = MLPVectorField(stateDimension: 18, hiddenWidths: [10], activation: .tanh)
        let field = HybridVectorField(known: known, correction: mlp)
        let p = known.initialParameters + randomizedParameters(mlp, seed: 2)
        #expect(field.parameterCount == 3 + mlp.parameterCount)
        for _ in 0..<3 {
            let y = randomVector(18, &random, scale: 2), v = randomVector(18, &random)
            #expect(VJPChecker.maxRelativeError(field, y: y, parameters: p, cotangent: v) < 1e-7)
        }
    }

    @Test("subset VJP is the base's VJP gathered at the learnable indices",
          arguments: [[NBodyParameterGroup.masses], [NBodyParameterGroup.G], [NBodyParameterGroup.masses, NBodyParameterGroup.G], [NBodyParameterGroup]()])
    func subsetNBody(learn: [NBodyParameterGroup]) {
        var random = SeededRandom(seed: 23, stream: UInt64(learn.count))
        let masses = [1.2, 0.8, 1.0], G = 1.7
        let field = SubsetParameterField.nBody(masses: masses, G: G, learn: Set(learn))
        let base = NBodyGravity(bodyCount: 3)
        let expectedIndices = (learn.contains(.masses) ? [0, 1, 2] : []) + (learn.contains(.G) ? [3] : [])
        #expect(field.learnableIndices == expectedIndices)
        #expect(field.parameterCount == expectedIndices.count)
        #expect(field.initialParameters == expectedIndices.map { (masses + [G])[$0] })
        for _ in 0..<4 {
            let y = randomVector(18, &random, scale: 2), v = randomVector(18, &random)
            let p = expectedIndices.map { _ in random.uniform(0.5, 1.5) }
            let full = field.fullParameters(p)
            // Fixed entries keep their defaults; learnable ones take p.
            for k in 0..<4 { #expect(full[k] == (expectedIndices.firstIndex(of: k).map { p[$0] } ?? (masses + [G])[k])) }
            #expect(evaluate(field, y, p) == evaluate(base, y, full))
            let (gy, gp) = vjp(field, y, p, v)
            let (by, bp) = vjp(base, y, full, v)
            #expect(gy == by)
            #expect(gp == expectedIndices.map { bp[$0] })
            #expect(VJPChecker.maxRelativeError(field, y: y, parameters: p, cotangent: v) < 1e-7)
        }
    }

    @Test("subset of an MLP: a frozen first layer")
    func subsetMLP() {
        let mlp = MLPVectorField(stateDimension: 2, hiddenWidths: [6], activation: .silu)
        let defaults = randomizedParameters(mlp, seed: 4)
        let learnable = Array(mlp.layerOffsets[1]..<mlp.parameterCount)
        let field = SubsetParameterField(base: mlp, fullDefaults: defaults, learnableIndices: learnable)
        #expect(field.parameterBlocks.map(\.name) == ["layers.1.weight", "layers.1.bias"])
        var random = SeededRandom(seed: 5)
        let y = randomVector(2, &random), v = randomVector(2, &random)
        #expect(VJPChecker.maxRelativeError(field, y: y, parameters: field.initialParameters, cotangent: v) < 1e-7)
    }
}
