import Randomness
import Dispatch
import Models
import ODE
import Physics
import Testing

/// Blocks must tile `0..<parameterCount` in order, with distinct names.
func expectTiling(_ blocks: [ParameterBlock], count: Int, _ label: String) {
    var next = 0
    for block in blocks {
        #expect(block.range.lowerBound == next, "\(label): \(block) starts at \(block.range.lowerBound), expected \(next)")
        #expect(block.shape.reduce(1, *) == block.range.count, "\(label): \(block)")
        next = block.range.upperBound
    }
    #expect(next == count, "\(label): blocks end at \(next), parameterCount \(count)")
    let names = blocks.flatMap(\.elementNames)
    #expect(names.count == count, "\(label)")
    #expect(Set(names).count == names.count, "\(label): repeated names")
}

@Suite("Parameter names and thread safety")
struct NamingAndConcurrencyTests {
    @Test("names cover every field's flat vector exactly once")
    func namesCover() {
        let mlp = MLPVectorField(stateDimension: 3, hiddenWidths: [5, 4], activation: .tanh, timeInput: true)
        expectTiling(mlp.parameterBlocks, count: mlp.parameterCount, "mlp")
        let hybrid = HybridVectorField(known: Lorenz(), correction: mlp)
        expectTiling(hybrid.parameterBlocks, count: hybrid.parameterCount, "hybrid")
        #expect(hybrid.parameterNames.prefix(4) == ["known.sigma", "known.rho", "known.beta", "mlp.layers.0.weight[0,0]"])
        for learn in [[], [NBodyParameterGroup.masses], [.G], [.masses, .G]] {
            let subset = SubsetParameterField.nBody(masses: [1, 2, 3], G: 1, learn: Set(learn))
            expectTiling(subset.parameterBlocks, count: subset.parameterCount, "n-body \(learn)")
        }
        #expect(SubsetParameterField.nBodyLearningMasses(masses: [1, 2, 3], G: 1).parameterNames == ["masses[0]", "masses[1]", "masses[2]"])
        #expect(SubsetParameterField.nBodyLearningG(masses: [1, 2, 3], G: 1).parameterNames == ["G"])
        let partial = SubsetParameterField(base: NBodyGravity(bodyCount: 3), fullDefaults: [1, 1, 1, 1], learnableIndices: [1, 3])
        #expect(partial.parameterNames == ["masses[1]", "G"])
        expectTiling(partial.parameterBlocks, count: 2, "partial")
        let fields: [any NamedDifferentiableField] = [LinearSystem(dimension: 3), LotkaVolterra(), VanDerPol(), Lorenz(), DampedPendulum(),
                                                      NBodyGravity(bodyCount: 4)]
        for field in fields { expectTiling(field.parameterBlocks, count: field.parameterCount, "\(type(of: field))") }
    }

    @Test("evaluate and VJP from two threads at once equal serial results bit for bit")
    func concurrentEvaluation() {
        let mlp = MLPVectorField(stateDimension: 18, hiddenWidths: [64, 64], activation: .tanh, timeInput: true)
        let field = HybridVectorField(known: SubsetParameterField.nBodyLearningMasses(masses: [1.1, 1.1, 0.9], G: 1, softening: 0.1),
                                      correction: mlp)
        let p = [1.1, 1.1, 0.9] + randomizedParameters(mlp, seed: 8)
        let count = 400
        var random = SeededRandom(seed: 31)
        let inputs = (0..<count).map { _ in (randomVector(18, &random, scale: 2), randomVector(18, &random)) }
        @Sendable func work(_ k: Int) -> [Double] {
            let (y, v) = inputs[k]
            let (gy, gp) = vjp(field, t: Double(k), y, p, v)
            return evaluate(field, t: Double(k), y, p) + gy + gp
        }
        let serial = (0..<count).map(work)
        final class Results: @unchecked Sendable { var values: [[Double]] = [] }
        let results = Results()
        results.values = [[Double]](repeating: [], count: count)
        results.values.withUnsafeMutableBufferPointer { out in
            nonisolated(unsafe) let out = out
            DispatchQueue.concurrentPerform(iterations: 2) { thread in
                for k in stride(from: thread, to: count, by: 2) { out[k] = work(k) }
            }
        }
        for k in 0..<count {
            #expect(results.values[k].map(\.bitPattern) == serial[k].map(\.bitPattern), "input \(k)")
        }
    }
}
