import Foundation
import Testing
import Optimizers

@Suite("Levenberg–Marquardt (MINPACK lmder)")
struct LevenbergMarquardtTests {
    @Test("Rosenbrock r = [10(x₂ − x₁²), 1 − x₁] from (−1.2, 1) converges to (1, 1)")
    func rosenbrock() throws {
        var seen = [Int]()
        let result = try LevenbergMarquardt.minimize(rosenbrockProblem(), from: [-1.2, 1]) { info in
            seen.append(info.iteration)
            return true
        }
        #expect(result.status == .converged, "\(result.reason)")
        #expect(abs(result.x[0] - 1) < 1e-10 && abs(result.x[1] - 1) < 1e-10, "\(result.x)")
        #expect(result.cost < 1e-20)
        #expect(result.iterations < 30)
        #expect(seen.first == 0)
        #expect(result.jacobian.count == 4 && abs(result.jacobian[0] + 20 * result.x[0]) < 1e-14)
    }

    @Test("NIST StRD Misra1a and Thurber: certified parameters and RSS to ≥ 6 digits from both starts",
          arguments: [NISTProblem.misra1a, NISTProblem.thurber])
    func nist(_ problem: NISTProblem) throws {
        for (label, start) in [("start 1", problem.start1), ("start 2", problem.start2)] {
            // scipy's defaults stop when the RSS has converged (to ~1e-8 relative), which leaves the parameters
            // of the ill-conditioned Thurber at ~4–5 digits; the certified values need tighter tolerances.
            let loose = try LevenbergMarquardt.minimize(problem, from: start)
            let looseRSS = significantDigits(loose.residualSumOfSquares, problem.certifiedResidualSumOfSquares)
            print("\(problem.name) \(label) (scipy defaults): \(loose.iterations) steps,",
                  "parameter digits ≥ \(zip(loose.x, problem.certified).map(significantDigits).min()!),",
                  "RSS digits \(looseRSS); \(loose.reason)")
            #expect(loose.status == .converged && looseRSS >= 6)
            let tight = LevenbergMarquardtConfiguration(ftol: 1e-14, xtol: 1e-14, gtol: 1e-14)
            let result = try LevenbergMarquardt.minimize(problem, from: start, configuration: tight)
            #expect(result.status == .converged, "\(problem.name) \(label): \(result.reason)")
            let digits = zip(result.x, problem.certified).map(significantDigits)
            let rssDigits = significantDigits(result.residualSumOfSquares, problem.certifiedResidualSumOfSquares)
            print("\(problem.name) \(label): \(result.iterations) steps, \(result.jacobianEvaluations) J,",
                  "\(result.residualEvaluations) r; parameter digits ≥ \(digits.min()!), RSS digits \(rssDigits);",
                  result.reason)
            #expect(digits.allSatisfy { $0 >= 6 }, "\(problem.name) \(label): \(result.x)")
            #expect(rssDigits >= 6, "\(problem.name) \(label): RSS \(result.residualSumOfSquares)")
            let stats = try LeastSquaresStatistics(result)
            let se = try #require(stats.standardErrors)
            let seDigits = zip(se, problem.certifiedStandardErrors).map(significantDigits)
            print("\(problem.name) \(label): standard-error digits ≥ \(seDigits.min()!), cond(J) = \(stats.conditionNumber)")
            #expect(seDigits.allSatisfy { $0 >= 3 }, "\(problem.name) \(label): \(se)")
            #expect(stats.unidentifiableParameters.isEmpty)
        }
    }

    /// scipy 1.17.1 `least_squares(method="lm")` calls MINPACK's `lmder` with `diag=None` (Moré's scaling):
    /// a faithful port takes the same steps, so the evaluation counts agree exactly and the optimum to rounding.
    /// Values from `Tests/Fixtures/scipy_least_squares_reference.py` (scipy's njev counts the final J(x) too).
    @Test("same residual evaluations, Jacobian evaluations and optimum as scipy least_squares(method=\"lm\")")
    func matchesScipy() throws {
        let cases: [(String, any LeastSquaresProblem, [Double], nfev: Int, njev: Int, x: [Double])] = [
            ("Rosenbrock", rosenbrockProblem(), [-1.2, 1], 21, 16, [1, 1]),
            ("Misra1a 1", NISTProblem.misra1a, NISTProblem.misra1a.start1, 19, 16,
             [238.94212914343134, 0.00055015643190114744]),
            ("Misra1a 2", NISTProblem.misra1a, NISTProblem.misra1a.start2, 5, 4,
             [238.94212919265263, 0.00055015643176884669]),
            ("Thurber 1", NISTProblem.thurber, NISTProblem.thurber.start1, 34, 28,
             [1288.1396494377782, 1491.0848275417618, 583.24225857174429, 75.4174046719546, 0.96629878562704874,
              0.39797457078786097, 0.049728416992832009]),
            ("Thurber 2", NISTProblem.thurber, NISTProblem.thurber.start2, 19, 18,
             [1288.139707023294, 1491.0743000612094, 583.23491207823463, 75.415968572155819, 0.96629169021282724,
              0.39797133597176143, 0.049726302176320826]),
        ]
        for (name, problem, start, nfev, njev, x) in cases {
            let result = try LevenbergMarquardt.minimize(problem, from: start)
            print("\(name): r \(result.residualEvaluations) (scipy \(nfev)), J \(result.jacobianEvaluations) (scipy \(njev))")
            #expect(result.residualEvaluations == nfev, "\(name)")
            // scipy evaluates J(x) once more after lmder returns; lmder's own count is one less when lmder
            // stopped after an accepted step.
            #expect(result.jacobianEvaluations == njev || result.jacobianEvaluations == njev + 1, "\(name)")
            #expect(zip(result.x, x).allSatisfy { significantDigits($0, $1) >= 11 }, "\(name): \(result.x)")
        }
    }

    @Test("Moré's column scaling: rescaling a parameter by 1e-3 or 1e3 gives the same iterations (± 1) and optimum")
    func scalingInvariance() throws {
        let base = NISTProblem.misra1a
        let reference = try LevenbergMarquardt.minimize(base, from: base.start1)
        for factor in [1e-3, 1e3] {
            // b = (z₀ / factor, z₁): the first parameter is expressed in units `factor` times larger.
            let scaled = ClosureLeastSquaresProblem(
                parameterCount: 2,
                residuals: { z in try base.residuals(at: [z[0] / factor, z[1]]) },
                jacobian: { z in
                    var j = try base.jacobian(at: [z[0] / factor, z[1]])
                    for i in stride(from: 0, to: j.count, by: 2) { j[i] /= factor }
                    return j
                })
            let result = try LevenbergMarquardt.minimize(scaled, from: [base.start1[0] * factor, base.start1[1]])
            #expect(result.status == .converged)
            #expect(abs(result.iterations - reference.iterations) <= 1,
                    "factor \(factor): \(result.iterations) vs \(reference.iterations)")
            #expect(significantDigits(result.x[0] / factor, reference.x[0]) >= 8)
            #expect(significantDigits(result.x[1], reference.x[1]) >= 8)
        }
    }

    @Test("residuals that throw in a region (a failing ODE solve) are rejected trials; the fit still converges")
    func throwingRegion() throws {
        struct SolveFailed: Error {}
        let base = NISTProblem.misra1a
        // From start 1 the first Gauss–Newton steps overshoot b2; pretend the model cannot be evaluated there.
        let fragile = ClosureLeastSquaresProblem(
            parameterCount: 2,
            residuals: { b in
                if b[1] > 8e-4 || b[1] < 0 { throw SolveFailed() }
                return try base.residuals(at: b)
            },
            jacobian: { b in try base.jacobian(at: b) })
        let result = try LevenbergMarquardt.minimize(fragile, from: base.start1)
        #expect(result.status == .converged, "\(result.reason)")
        #expect(result.failedTrials > 0)
        #expect(zip(result.x, base.certified).allSatisfy { significantDigits($0, $1) >= 6 }, "\(result.x)")
        // A throw at the start is the caller's error.
        #expect(throws: SolveFailed.self) { try LevenbergMarquardt.minimize(fragile, from: [250, 1e-3]) }
    }

    @Test("statuses: max-iterations, stalled, interrupted and diverged are reported when true")
    func statuses() throws {
        let capped = try LevenbergMarquardt.minimize(
            rosenbrockProblem(), from: [-1.2, 1], configuration: .init(maxIterations: 3))
        #expect(capped.status == .maxIterations)
        #expect(capped.reason.contains("max-iterations"))
        #expect(capped.cost < 0.5 * (4.4 * 4.4 + 2.2 * 2.2))

        // Every trial fails: the trust region collapses.
        struct Failure: Error {}
        let start = [1.0, 2.0]
        let hopeless = ClosureLeastSquaresProblem(
            parameterCount: 2,
            residuals: { x in
                if x != start { throw Failure() }
                return [x[0] - 3, x[1] + 1, x[0] * x[1]]
            },
            jacobian: { x in [1, 0, 0, 1, x[1], x[0]] })
        let stalled = try LevenbergMarquardt.minimize(hopeless, from: start)
        #expect(stalled.status == .stalled, "\(stalled.reason)")
        #expect(stalled.failedTrials > 0 && stalled.x == start)

        let stopped = try LevenbergMarquardt.minimize(rosenbrockProblem(), from: [-1.2, 1]) { $0.iteration < 2 }
        #expect(stopped.status == .interrupted && stopped.iterations == 2)

        let nonFinite = ClosureLeastSquaresProblem(
            parameterCount: 1, residuals: { x in [x[0] - 1, x[0]] }, jacobian: { _ in [.nan, 1] })
        #expect(try LevenbergMarquardt.minimize(nonFinite, from: [0]).status == .diverged)
    }

    @Test("rank-deficient Jacobian (two parameters enter only as a sum): converges without NaNs")
    func rankDeficient() throws {
        let problem = ClosureLeastSquaresProblem(
            parameterCount: 3,
            residuals: { x in [x[0] + x[1] - 2, 2 * (x[0] + x[1]) - 4.2, x[2] * x[2] - 4, x[2] - 2] },
            jacobian: { x in [1, 1, 0, 2, 2, 0, 0, 0, 2 * x[2], 0, 0, 1] })
        let result = try LevenbergMarquardt.minimize(problem, from: [5, -1, 1])
        #expect(result.status == .converged, "\(result.reason)")
        #expect(abs(result.x[0] + result.x[1] - 2.08) < 1e-8 && abs(result.x[2] - 2) < 1e-8, "\(result.x)")
        let stats = try LeastSquaresStatistics(result)
        #expect(stats.unidentifiableParameters == [0, 1] && stats.covariance == nil)
    }

    @Test("R = 100 000 residuals (a long trajectory): three decaying exponentials, exact data, converges")
    func manyResiduals() throws {
        let t = (0..<100_000).map { Double($0) * 1e-4 }
        let truth: [Double] = [2, 1.5, -1, 0.3, 0.5, 4]
        func model(_ p: [Double], _ t: Double) -> (Double, [Double]) {
            let e = (0..<3).map { exp(-p[2 * $0 + 1] * t) }
            let value = p[0] * e[0] + p[2] * e[1] + p[4] * e[2]
            return (value, [e[0], -p[0] * t * e[0], e[1], -p[2] * t * e[1], e[2], -p[4] * t * e[2]])
        }
        let data = t.map { model(truth, $0).0 }
        let problem = ClosureLeastSquaresProblem(
            parameterCount: 6,
            residuals: { p in zip(t, data).map { model(p, $0).0 - $1 } },
            jacobian: { p in t.flatMap { model(p, $0).1 } })
        let clock = ContinuousClock()
        var result: LeastSquaresResult!
        let elapsed = try clock.measure {
            result = try LevenbergMarquardt.minimize(problem, from: [1, 1, -0.5, 0.5, 1, 3])
        }
        print("R = 100000, P = 6: \(result.iterations) steps, \(result.jacobianEvaluations) J in \(elapsed);", result.reason)
        #expect(result.status == .converged, "\(result.reason)")
        #expect(zip(result.x, truth).allSatisfy { abs($0 - $1) < 1e-6 * max(1, abs($1)) }, "\(result.x)")
    }

    @Test("invalid settings and shapes are rejected with the knob named")
    func validation() {
        #expect(throws: OptimizerError.self) {
            try LevenbergMarquardt.minimize(rosenbrockProblem(), from: [0, 0], configuration: .init(ftol: -1))
        }
        #expect(throws: LeastSquaresError.self) { try LevenbergMarquardt.minimize(rosenbrockProblem(), from: [0]) }
        let underdetermined = ClosureLeastSquaresProblem(
            parameterCount: 3, residuals: { x in [x[0]] }, jacobian: { _ in [1, 0, 0] })
        #expect(throws: LeastSquaresError.self) { try LevenbergMarquardt.minimize(underdetermined, from: [0, 0, 0]) }
    }
}
