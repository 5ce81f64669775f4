import Datasets
import Foundation
import Generation
import ODE
import Physics
import Testing

@Suite("N-body gravity in Sundman time: the field, its lanes, saves at physical times, generation")
struct SundmanTimeTests {
    /// `f` evaluated at one state.
    func evaluate<F: VectorField>(_ field: F, _ y: [Double], _ p: [Double]) -> [Double] {
        var out = [Double](repeating: 0, count: field.dimension)
        y.withUnsafeBufferPointer { yb in
            p.withUnsafeBufferPointer { pb in
                out.withUnsafeMutableBufferPointer { field.evaluate(t: 0, y: yb, parameters: pb, into: $0) }
            }
        }
        return out
    }

    @Test("the field is g · [v, a, 1] with g = M₂/W, against NBodyGravity (2, 3 and 4 bodies, with and without softening)")
    func scaledGravity() {
        var random = SeededRandom(seed: 3, stream: 0)
        for (bodies, softening) in [(2, 0.0), (3, 0.0), (3, 0.05), (4, 0.0), (4, 0.05)] {
            let sundman = SundmanNBodyGravity(bodyCount: bodies, softening: softening)
            let gravity = NBodyGravity(bodyCount: bodies, softening: softening)
            #expect(sundman.dimension == 6 * bodies + 1 && sundman.clockIndex == 6 * bodies)
            for _ in 0..<20 {
                let y = (0..<(6 * bodies)).map { _ in Double.random(in: -2...2, using: &random) }
                let p = (0..<bodies).map { _ in Double.random(in: 0.5...2, using: &random) } + [Double.random(in: 0.5...3, using: &random)]
                var w = 0.0, m2 = 0.0
                for i in 0..<bodies {
                    for j in (i + 1)..<bodies {
                        let d = (0..<3).map { y[3 * j + $0] - y[3 * i + $0] }
                        w += p[i] * p[j] / (d.map { $0 * $0 }.reduce(0, +) + softening * softening).squareRoot()
                        m2 += p[i] * p[j]
                    }
                }
                let g = m2 / w
                let expected = evaluate(gravity, y, p).map { g * $0 } + [g]
                let got = evaluate(sundman, y + [7], p)
                for k in expected.indices {
                    #expect(abs(got[k] - expected[k]) <= 1e-14 * max(1, abs(expected[k])), "\(bodies) bodies, component \(k)")
                }
            }
        }
    }

    @Test("three-body lanes (Swift SIMD, AVX2, AVX-512 where the CPU has them) equal evaluate bit for bit, close pairs included")
    func laneKernels() {
        var random = SeededRandom(seed: 4, stream: 0)
        for softening in [0.0, 0.05] {
            let field = SundmanNBodyGravity(bodyCount: 3, softening: softening)
            let n = field.dimension, m = field.parameterCount
            for trial in 0..<50 {
                var y = (0..<(8 * n)).map { _ in Double.random(in: -2...2, using: &random) }
                let p = (0..<(8 * m)).map { _ in Double.random(in: 0.1...3, using: &random) }
                let lane = trial % 8
                for k in 0..<3 { y[8 * (3 + k) + lane] = y[8 * k + lane] + 1e-4 * Double(k + 1) }
                var slow = [Double](repeating: 0, count: 8 * n)
                for l in 0..<8 {
                    let out = evaluate(field, (0..<n).map { y[8 * $0 + l] }, (0..<m).map { p[8 * $0 + l] })
                    for i in 0..<n { slow[8 * i + l] = out[i] }
                }
                var wide = [Double](repeating: 0, count: 8 * n), halves = wide
                let t = [Double](repeating: 0, count: 8)
                field.evaluateWideLanes(t: t, y: y, parameters: p, into: &wide)
                field.evaluateWideLanesByHalves(t: t, y: y, parameters: p, into: &halves)
                #expect(wide.map(\.bitPattern) == slow.map(\.bitPattern), "wide lanes, softening \(softening)")
                #expect(halves.map(\.bitPattern) == slow.map(\.bitPattern), "halves, softening \(softening)")
                // Four lanes: the first half in the SIMD layout, through the portable Swift path too.
                var y4 = [Lanes](repeating: Lanes(), count: n), p4 = [Lanes](repeating: Lanes(), count: m)
                for i in 0..<n { for l in 0..<4 { y4[i][l] = y[8 * i + l] } }
                for j in 0..<m { for l in 0..<4 { p4[j][l] = p[8 * j + l] } }
                var simd = [Lanes](repeating: Lanes(), count: n), best = simd
                field.evaluateThreeBodyLanes(y: y4, parameters: p4, into: &simd)
                field.evaluateLanes(t: Lanes(), y: y4, parameters: p4, into: &best)
                for i in 0..<n {
                    for l in 0..<4 {
                        #expect(simd[i][l].bitPattern == slow[8 * i + l].bitPattern && best[i][l].bitPattern == slow[8 * i + l].bitPattern,
                                "four lanes, component \(i), lane \(l)")
                    }
                }
            }
        }
    }

    /// The exact relative orbit of a Kepler problem (μ = 1, a = 1) from pericentre: position at time t.
    func keplerPosition(e: Double, t: Double) -> (Double, Double) {
        var anomaly = t
        for _ in 0..<60 { anomaly -= (anomaly - e * sin(anomaly) - t) / (1 - e * cos(anomaly)) }
        return (cos(anomaly) - e, (1 - e * e).squareRoot() * sin(anomaly))
    }

    @Test("an eccentric binary (e = 0.9, three periods) saved at physical times matches Kepler's equation; the clock equals each time")
    func eccentricBinary() throws {
        let e = 0.9, rp = 1 - e, vp = ((1 + e) / rp).squareRoot()   // μ = G(m₁ + m₂) = 1, a = 1, period 2π
        let field = SundmanNBodyGravity(bodyCount: 2)
        let y0 = [-rp / 2, 0, 0, rp / 2, 0, 0, 0, -vp / 2, 0, 0, vp / 2, 0, 0]
        let times = (0...60).map { 3 * 2 * Double.pi * Double($0) / 60 }
        let solution = try solve(field, from: 0, to: 1e6, initialState: y0, parameters: [0.5, 0.5, 1], method: .dormandPrince8,
                                 stepSize: .adaptive(StepSizeController(rtol: 1e-12, atol: 1e-12)),
                                 options: SolveOptions(saveAt: times, recordSteps: false, clock: field.clockIndex))
        // The largest position error against Kepler's equation and the largest |clock − t| over the saves.
        func errors(_ solution: Solution) -> (position: Double, clock: Double) {
            var worst = 0.0, clockError = 0.0
            for (k, t) in times.enumerated() {
                let s = Array(solution.savedStates[(13 * k)..<(13 * k + 13)])
                let (x, y) = keplerPosition(e: e, t: t)
                worst = max(worst, abs(s[3] - s[0] - x), abs(s[4] - s[1] - y))
                clockError = max(clockError, abs(s[12] - t))
            }
            return (worst, clockError)
        }
        let (worst, clockError) = errors(solution)
        #expect(worst < 1e-8, "max position error \(worst)")
        #expect(clockError <= 1e-13, "clock error \(clockError)")
        // The solve ends at the last save, the step that crossed it recorded as the end.
        #expect(solution.times.count == 2 && solution.states.count == 26 && solution.states[25] >= times[60])

        // A method with cubic Hermite dense output (Bogacki–Shampine 3(2)): the clock's root is searched on
        // the Hermite interpolant of that component alone, and each saved clock still equals its time.
        #expect(ButcherTableau.bogackiShampine3.denseOutput.kind == .cubicHermite)
        let hermite = try solve(field, from: 0, to: 1e6, initialState: y0, parameters: [0.5, 0.5, 1],
                                method: .bogackiShampine3, stepSize: .adaptive(StepSizeController(rtol: 1e-10, atol: 1e-10)),
                                options: SolveOptions(saveAt: times, recordSteps: false, clock: field.clockIndex))
        let (hermiteWorst, hermiteClock) = errors(hermite)
        #expect(hermiteWorst < 1e-4, "Hermite: max position error \(hermiteWorst)")
        #expect(hermiteClock <= 1e-13, "Hermite: clock error \(hermiteClock)")
    }

    /// Random three-body systems (`seed`) in Sundman time, each solved in lanes with every kernel set
    /// this CPU has and alone by `solve`: `check(job, kernels, lanes' result, solve's result)`.
    func compareLanesWithSolve(seed: UInt64, saveAt: [Double], controller: StepSizeController,
                               check: (Int, LaneIntegratorKernels, Result<Solution, ODEError>?, Result<Solution, ODEError>) -> Void) {
        let field = SundmanNBodyGravity(bodyCount: 3)
        let jobs = (0..<11).map { id -> LaneIntegrator<SundmanNBodyGravity>.Job in
            let c = ThreeBodyPreset.random.configuration(seed: seed, index: id)
            return .init(id: id, t0: 0, t1: 1e6, initialState: c.initialState + [0], parameters: c.parameters,
                         saveAt: saveAt, clock: field.clockIndex)
        }
        for kernels in LaneIntegratorKernels.allCases.filter(\.isAvailable) {
            var queue = jobs[...], out: [Int: Result<Solution, ODEError>] = [:]
            let lanes = LaneIntegrator(field: field, tableau: .dormandPrince8, controller: controller)
            lanes.kernels = kernels
            lanes.run(next: { queue.popFirst() }, done: { id, result in out[id] = result })
            for job in jobs {
                let reference = Result { () throws(ODEError) -> Solution in
                    try solve(field, from: 0, to: job.t1, initialState: job.initialState, parameters: job.parameters,
                              method: .dormandPrince8, stepSize: .adaptive(controller),
                              options: SolveOptions(saveAt: job.saveAt, recordSteps: false, clock: job.clock))
                }
                check(job.id, kernels, out[job.id], reference)
            }
        }
    }

    @Test("clock solves in lanes equal solve bit for bit (every kernel set, random three-body systems, t ≤ 4)")
    func lanesEqualSolve() {
        compareLanesWithSolve(seed: 9, saveAt: (0...23).map { 4 * Double($0) / 23 },
                              controller: StepSizeController(rtol: 1e-12, atol: 1e-12)) { id, kernels, lane, reference in
            guard case .success(let a)? = lane, case .success(let b) = reference else {
                Issue.record("job \(id) \(kernels): \(String(describing: lane)) vs \(reference)"); return
            }
            #expect(a.savedStates.map(\.bitPattern) == b.savedStates.map(\.bitPattern), "job \(id) \(kernels)")
            #expect(a.stats == b.stats && a.states.map(\.bitPattern) == b.states.map(\.bitPattern), "job \(id) \(kernels)")
        }
    }

    @Test("clock solves that fail in lanes report the physical time and step of solve's failure (every kernel set)")
    func laneFailuresEqualSolve() {
        var controller = StepSizeController(rtol: 1e-12, atol: 1e-12)
        controller.maxSteps = 150
        compareLanesWithSolve(seed: 3, saveAt: (0...7).map { 20 * Double($0) / 7 }, controller: controller) { id, kernels, lane, reference in
            guard case .failure(.integrationFailed(let a))? = lane, case .failure(.integrationFailed(let b)) = reference else {
                Issue.record("job \(id) \(kernels): \(String(describing: lane)) vs \(reference), both should fail"); return
            }
            #expect(a == b, "job \(id) \(kernels)")
            #expect(a.reason == .maxStepsExceeded(limit: 150) && a.t > 0 && a.t < 20, "job \(id): \(a)")
        }
    }

    @Test("a clock is checked: its index, adaptive steps, save times from its start")
    func clockValidation() {
        let field = SundmanNBodyGravity(bodyCount: 2)
        let y0 = [-0.5, 0, 0, 0.5, 0, 0, 0, -0.5, 0, 0, 0.5, 0, 0]
        func attempt(_ mode: StepSizeMode, clock: Int, saveAt: [Double]) -> String {
            do {
                _ = try solve(field, from: 0, to: 10, initialState: y0, parameters: [0.5, 0.5, 1], method: .dormandPrince8,
                              stepSize: mode, options: SolveOptions(saveAt: saveAt, clock: clock))
                return "solved"
            } catch { return error.description }
        }
        let adaptive = StepSizeMode.adaptive(StepSizeController(rtol: 1e-9, atol: 1e-9))
        #expect(attempt(adaptive, clock: 13, saveAt: [1]).contains("clock"))
        #expect(attempt(.fixed(dt: 0.1), clock: 12, saveAt: [1]).contains("adaptive steps"))
        #expect(attempt(adaptive, clock: 12, saveAt: [-1, 1]).contains("saveAt"))
        #expect(attempt(adaptive, clock: 12, saveAt: [0, 1]) == "solved")
    }

    @Test("generation in Sundman time: lanes equal one at a time (1 and 2 threads); stable presets agree with physical time; the file says so")
    func generation() throws {
        let recipe = DatasetRecipe(source: .threeBody(.random), count: 13, tEnd: 4, samples: 25, sampling: .uniform,
                                   observation: ObservationModel(noise: 0.01, missingFraction: 0.1), seed: 5,
                                   rtol: 1e-13, atol: 1e-13, timeTransformation: .sundman)
        let scalar = try DatasetGenerator(recipe: recipe, threads: 1, usesLanes: false).generate()
        for threads in [1, 2] {
            let lanes = try DatasetGenerator(recipe: recipe, threads: threads).generate()
            let a = try #require(lanes.dataset), b = try #require(scalar.dataset)
            #expect(a.states.values.map(\.bitPattern) == b.states.values.map(\.bitPattern))
            #expect(a.trueStates?.values.map(\.bitPattern) == b.trueStates?.values.map(\.bitPattern))
            #expect(lanes.functionEvaluations == scalar.functionEvaluations)
            #expect(a.states.shape == [13, 25, 18])
        }
        #expect(String(describing: recipe.attributes["time_transformation"]).contains("sundman: dt/ds = M2/W"))
        for preset in [ThreeBodyPreset.figureEight, .lagrange] {
            var physical = DatasetRecipe(source: .threeBody(preset), count: 1, tEnd: 5, samples: 40, rtol: 1e-12, atol: 1e-12,
                                         timeTransformation: TimeTransformation.none)
            let reference = try #require(try DatasetGenerator(recipe: physical, threads: 1).generate().dataset)
            physical.timeTransformation = .sundman
            let transformed = try #require(try DatasetGenerator(recipe: physical, threads: 1).generate().dataset)
            let gap = zip(reference.trueStates!.values, transformed.trueStates!.values).map { abs($0 - $1) }.max()!
            #expect(gap < 1e-9, "\(preset): physical vs Sundman time differ by \(gap)")
        }
    }
}
