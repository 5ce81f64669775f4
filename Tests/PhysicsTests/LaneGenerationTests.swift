import Datasets
import Generation
import ODE
import Physics
import Testing

@Suite("Generation in SIMD lanes: the same bytes as one trajectory at a time")
struct LaneGenerationTests {
    @Test("NBodyGravity lanes (AVX2 kernel, Swift SIMD) equal evaluate lane by lane bit for bit (3 bodies, with and without softening; 2 bodies)")
    func laneField() {
        var random = SeededRandom(seed: 11, stream: 0)
        for (bodies, softening) in [(3, 0.0), (3, 0.05), (2, 0.0)] {
            let field = NBodyGravity(bodyCount: bodies, softening: softening)
            let n = field.dimension, m = field.parameterCount
            for _ in 0..<50 {
                var y = [Lanes](repeating: Lanes(), count: n), p = [Lanes](repeating: Lanes(), count: m)
                for i in 0..<n { for l in 0..<4 { y[i][l] = Double.random(in: -2...2, using: &random) } }
                for j in 0..<m { for l in 0..<4 { p[j][l] = Double.random(in: 0.1...3, using: &random) } }
                var fast = [Lanes](repeating: Lanes(), count: n), slow = fast, simd = fast, avx2 = fast
                field.evaluateLanes(t: Lanes(), y: y, parameters: p, into: &fast)
                field.evaluateLaneByLane(t: Lanes(), y: y, parameters: p, into: &slow)
                var kernels = [fast]
                if bodies == 3 {
                    field.evaluateThreeBodyLanes(y: y, parameters: p, into: &simd)
                    kernels.append(simd)
                    if NBodyGravity.lanesUseAVX2 {
                        field.evaluateThreeBodyLanesAVX2(y: y, parameters: p, into: &avx2)
                        kernels.append(avx2)
                    }
                }
                for kernel in kernels {
                    for i in 0..<n {
                        for l in 0..<4 { #expect(kernel[i][l].bitPattern == slow[i][l].bitPattern, "\(bodies) bodies, component \(i), lane \(l)") }
                    }
                }
            }
        }
    }

    @Test("NBodyGravity in eight lanes (AVX-512 kernel where the CPU has it, else two halves) equals evaluate lane by lane bit for bit")
    func wideLaneField() {
        var random = SeededRandom(seed: 12, stream: 0)
        for (bodies, softening) in [(3, 0.0), (3, 0.05), (2, 0.0)] {
            let field = NBodyGravity(bodyCount: bodies, softening: softening)
            let n = field.dimension, m = field.parameterCount
            for _ in 0..<50 {
                // Eight lanes: component i of lane l at [8i + l]; a close pair in lane 5 (large accelerations).
                var y = (0..<(8 * n)).map { _ in Double.random(in: -2...2, using: &random) }
                let p = (0..<(8 * m)).map { _ in Double.random(in: 0.1...3, using: &random) }
                for k in 0..<3 { y[8 * (3 + k) + 5] = y[8 * k + 5] + 1e-4 * Double(k + 1) }
                let t = (0..<8).map(Double.init)
                var fast = [Double](repeating: 0, count: 8 * n), halves = fast, slow = fast
                field.evaluateWideLanes(t: t, y: y, parameters: p, into: &fast)
                field.evaluateWideLanesByHalves(t: t, y: y, parameters: p, into: &halves)
                var ys = [Double](repeating: 0, count: n), out = ys
                for l in 0..<8 {
                    for i in 0..<n { ys[i] = y[8 * i + l] }
                    let pl = (0..<m).map { p[8 * $0 + l] }
                    ys.withUnsafeBufferPointer { yb in
                        pl.withUnsafeBufferPointer { pb in
                            out.withUnsafeMutableBufferPointer { ob in field.evaluate(t: t[l], y: yb, parameters: pb, into: ob) }
                        }
                    }
                    for i in 0..<n { slow[8 * i + l] = out[i] }
                }
                #expect(fast.map(\.bitPattern) == slow.map(\.bitPattern), "\(bodies) bodies, softening \(softening): wide lanes")
                #expect(halves.map(\.bitPattern) == slow.map(\.bitPattern), "\(bodies) bodies, softening \(softening): halves")
                if bodies == 3 && NBodyGravity.lanesUseAVX512 {
                    var avx512 = [Double](repeating: 0, count: 8 * n)
                    field.evaluateThreeBodyLanesAVX512(y: y, parameters: p, into: &avx512)
                    #expect(avx512.map(\.bitPattern) == slow.map(\.bitPattern), "AVX-512 kernel, softening \(softening)")
                }
            }
        }
    }

    @Test("random three-body generation: lanes and one at a time give identical datasets, on 1 and 2 threads (DOP853 at 1e-13, Vern9 at 1e-12)",
          arguments: [(ButcherTableau.dormandPrince8, 1e-13), (.verner9, 1e-12)])
    func lanesMatchScalar(method: ButcherTableau, tolerance: Double) throws {
        // Irregular times (dense output inside steps), noise and missing values (the observation stream).
        let recipe = DatasetRecipe(source: .threeBody(.random), count: 13, tEnd: 4, samples: 25, sampling: .uniform,
                                   observation: ObservationModel(noise: 0.01, missingFraction: 0.1), seed: 5,
                                   method: method, rtol: tolerance, atol: tolerance, timeTransformation: TimeTransformation.none)
        let scalar = try DatasetGenerator(recipe: recipe, threads: 1, usesLanes: false).generate()
        for threads in [1, 2] {
            let lanes = try DatasetGenerator(recipe: recipe, threads: threads).generate()
            let a = try #require(lanes.dataset), b = try #require(scalar.dataset)
            #expect(a.states.values.map(\.bitPattern) == b.states.values.map(\.bitPattern))
            #expect(a.trueStates?.values.map(\.bitPattern) == b.trueStates?.values.map(\.bitPattern))
            #expect(a.times == b.times && a.mask == b.mask && a.parameters == b.parameters)
            #expect(lanes.functionEvaluations == scalar.functionEvaluations && lanes.ids == scalar.ids)
        }
        // And each trajectory equals a plain `solve` of its configuration at the recipe's settings.
        let b = try #require(scalar.dataset)
        for id in [0, 7] {
            let configuration = ThreeBodyPreset.random.configuration(seed: 5, index: id)
            let times = (0..<25).map { b.times[id, $0] }
            let solution = try solve(configuration.field, from: 0, to: 4, initialState: configuration.initialState,
                                     parameters: configuration.parameters, method: method,
                                     stepSize: .adaptive(StepSizeController(rtol: tolerance, atol: tolerance)),
                                     options: SolveOptions(saveAt: times, recordSteps: false))
            let stored = (0..<25).flatMap { k in (0..<18).map { b.trueStates![id, k, $0] } }
            #expect(stored.map(\.bitPattern) == solution.savedStates.map(\.bitPattern), "trajectory \(id)")
        }
    }

    @Test("a failing trajectory among lanes fails with the same reason as alone; a softened configuration among plain ones is solved alone")
    func failuresAndMixedFields() throws {
        let collision = NBodyConfiguration(name: "head-on", masses: [1, 1, 1e-3], G: 1,
                                           initialState: [-1, 0, 0, 1, 0, 0, 0, 50, 0] + [Double](repeating: 0, count: 9))
        var softened = ThreeBodyPreset.lagrange.configuration()
        softened.softening = 0.01
        for list in [[ThreeBodyPreset.figureEight.configuration(), collision, ThreeBodyPreset.lagrange.configuration()],
                     [ThreeBodyPreset.figureEight.configuration(), softened]] {
            let recipe = DatasetRecipe(source: .configurations(list), count: 7, tEnd: 5, samples: 10, timeTransformation: TimeTransformation.none)
            let scalar = try DatasetGenerator(recipe: recipe, threads: 1, onFailure: .skip, usesLanes: false).generate()
            let lanes = try DatasetGenerator(recipe: recipe, threads: 2, onFailure: .skip).generate()
            #expect(lanes.ids == scalar.ids)
            #expect(lanes.failures.map(\.description) == scalar.failures.map(\.description))
            #expect(lanes.functionEvaluations == scalar.functionEvaluations)
            #expect(lanes.failures.map(\.id) == (list.count == 3 ? [1, 4] : []))
            #expect(lanes.dataset?.states.values.map(\.bitPattern) == scalar.dataset?.states.values.map(\.bitPattern))
        }
    }
}
