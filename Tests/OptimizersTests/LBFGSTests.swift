import Foundation
import Testing
import Optimizers

/// Extended Rosenbrock (Moré, Garbow & Hillstrom 1981, problem 21): f = Σ_pairs 100(x₂ᵢ − x₂ᵢ₋₁²)² + (1 − x₂ᵢ₋₁)².
func extendedRosenbrock(_ x: [Double]) -> (value: Double, gradient: [Double]) {
    var f = 0.0
    var g = [Double](repeating: 0, count: x.count)
    for i in stride(from: 0, to: x.count, by: 2) {
        let t1 = x[i + 1] - x[i] * x[i], t2 = 1 - x[i]
        f += 100 * t1 * t1 + t2 * t2
        g[i] = -400 * x[i] * t1 - 2 * t2
        g[i + 1] = 200 * t1
    }
    return (f, g)
}

func rosenbrockStart(_ n: Int) -> [Double] { (0..<n).map { $0 % 2 == 0 ? -1.2 : 1 } }

@Suite("L-BFGS with a strong-Wolfe line search")
struct LBFGSTests {
    @Test("extended Rosenbrock n = 10 and 100 converges to all ones; every step satisfies strong Wolfe",
          arguments: [10, 100])
    func rosenbrock(_ n: Int) throws {
        var steps = [LBFGSIteration]()
        let config = LBFGSConfiguration(gtol: 1e-9, ftol: 0)
        let result = try LBFGS.minimize(from: rosenbrockStart(n), configuration: config, onIteration: {
            steps.append($0)
            return true
        }, extendedRosenbrock)
        print("L-BFGS extended Rosenbrock n = \(n): \(result.iterations) iterations, \(result.evaluations) evaluations,",
              result.reason)
        #expect(result.status == .converged, "\(result.reason)")
        #expect(result.x.allSatisfy { abs($0 - 1) < 1e-8 })
        #expect(result.iterations < 60 * n / 10 + 100)
        for s in steps {
            #expect(s.strongWolfeSatisfied, "iteration \(s.iteration)")
            // Check the conditions independently of the line search's own flag.
            #expect(s.initialSlope < 0)
            #expect(s.value <= s.previousValue + 1e-4 * s.stepLength * s.initialSlope)
            #expect(abs(s.finalSlope) <= 0.9 * abs(s.initialSlope))
        }
        // scipy's default tolerances stop earlier but still close to the minimum.
        let defaults = try LBFGS.minimize(from: rosenbrockStart(n), extendedRosenbrock)
        #expect(defaults.status == .converged)
        #expect(defaults.x.allSatisfy { abs($0 - 1) < 1e-3 }, "\(defaults.reason)")
    }

    @Test("line search alone: strong Wolfe on a 1-D quartic, from a too-long and a too-short first step")
    func lineSearch() {
        // f(x) = (x − 3)⁴ + x², minimised along d = +1 from x = 0.
        let f: ([Double]) -> (value: Double, gradient: [Double]) = { x in
            let u = x[0] - 3
            return (u * u * u * u + x[0] * x[0], [4 * u * u * u + 2 * x[0]])
        }
        let (f0, g0) = f([0])
        for initial in [1e-3, 1.0, 50.0] {
            let out = StrongWolfeLineSearch.search(
                from: [0], value: f0, slope: g0[0], direction: [1], initialStep: initial, evaluate: f)
            let p = out.point!
            #expect(out.satisfied)
            #expect(p.value <= f0 + 1e-4 * p.alpha * g0[0])
            #expect(abs(p.slope) <= 0.9 * abs(g0[0]))
            // With c₂ = 0.1 the point is close to the exact line minimiser.
            let tight = StrongWolfeLineSearch.search(
                from: [0], value: f0, slope: g0[0], direction: [1], initialStep: initial, c2: 0.1, evaluate: f)
            #expect(tight.satisfied && abs(tight.point!.slope) <= 0.1 * abs(g0[0]))
        }
    }

    @Test("an objective that throws beyond a region is still minimised (the line search backs off)")
    func throwingRegion() throws {
        struct Blowup: Error {}
        var failures = 0
        let result = try LBFGS.minimize(from: rosenbrockStart(10), configuration: .init(gtol: 1e-9, ftol: 0)) { x in
            if x.contains(where: { abs($0) > 1.5 }) { failures += 1; throw Blowup() }
            return extendedRosenbrock(x)
        }
        #expect(result.status == .converged, "\(result.reason)")
        #expect(result.x.allSatisfy { abs($0 - 1) < 1e-8 })
        #expect(result.failedEvaluations == failures)
    }

    @Test("statuses: max-iterations, interrupted, stalled, diverged")
    func statuses() throws {
        let capped = try LBFGS.minimize(from: rosenbrockStart(10), configuration: .init(maxIterations: 5),
                                        extendedRosenbrock)
        #expect(capped.status == .maxIterations && capped.iterations == 5)
        let stopped = try LBFGS.minimize(from: rosenbrockStart(10), onIteration: { $0.iteration < 3 },
                                         extendedRosenbrock)
        #expect(stopped.status == .interrupted && stopped.iterations == 3)
        // A gradient that points the wrong way: no decrease along −g.
        let wrong = try LBFGS.minimize(from: [1, 1]) { x in (x[0] * x[0] + x[1] * x[1], [-x[0], -x[1]]) }
        #expect(wrong.status == .stalled, "\(wrong.reason)")
        let nan = try LBFGS.minimize(from: [1]) { _ in (.nan, [1]) }
        #expect(nan.status == .diverged)
        #expect(throws: OptimizerError.self) {
            try LBFGS.minimize(from: [1], configuration: .init(c1: 0.95, c2: 0.9)) { x in (x[0], [1]) }
        }
    }
}
