import Foundation
import Testing
import ODE

@Suite("Adaptive stepping, dense output and checkpoints")
struct AdaptiveTests {
    static let adaptive = ButcherTableau.all.filter(\.isAdaptive)

    /// Tolerance decades per method: low orders would need millions of steps at 1e-12.
    static func tolerances(_ tableau: ButcherTableau) -> [Double] {
        let tightest = tableau.order <= 2 ? 7 : tableau.order == 3 ? 9 : 12
        return (4...tightest).map { pow(10, -Double($0)) }
    }

    @Test("Kepler e = 0.6, 3 orbits: global error tracks the tolerance", arguments: adaptive)
    func keplerTolerance(tableau: ButcherTableau) throws {
        let orbit = KeplerOrbit(e: 0.6)
        let t1 = 3 * orbit.period
        let exact = orbit.state(at: t1)
        var errors: [Double] = []
        let tols = Self.tolerances(tableau)
        for tol in tols {
            let sol = try solve(KeplerField(), from: 0, to: t1, initialState: orbit.initialState,
                                method: tableau, stepSize: .adaptive(StepSizeController(rtol: tol, atol: tol)))
            errors.append(maxAbsDifference(sol.finalState, exact))
        }
        let slope = logLogSlope(tols, errors)
        let ratios = zip(errors, tols).map { $0 / $1 }
        print("kepler \(tableau.name): error/tol = \(ratios.map { String(format: "%.2g", $0) }), slope \(slope)")
        // Proportional to the tolerance (slope ≈ 1); the constant (~10³ here: phase error
        // accumulates over three eccentric orbits) stays the same over the decades.
        #expect(slope > 0.75 && slope < 1.25, "\(tableau.name): error-vs-tolerance slope \(slope)")
        for (tol, err) in zip(tols, errors) {
            #expect(err < 1e4 * tol, "\(tableau.name) at tol \(tol): error \(err)")
        }
    }

    @Test("replaying step i from checkpoint (tᵢ, hᵢ, yᵢ) reproduces yᵢ₊₁ bit for bit", arguments: adaptive)
    func checkpointReplay(tableau: ButcherTableau) throws {
        let field = ThreeBodyField()
        let masses = ThreeBodyPreset.figureEightMasses
        let stops = [0.37, 1.0, 2.5, 3.0]
        let sol = try solve(field, from: 0, to: 3, initialState: ThreeBodyPreset.figureEight, parameters: masses,
                            method: tableau, stepSize: .adaptive(StepSizeController(rtol: 1e-6, atol: 1e-6)),
                            options: SolveOptions(stopTimes: stops))
        for s in stops { #expect(sol.times.contains(s), "lands exactly on \(s)") }
        let stepper = RungeKuttaStepper(field: field, tableau: tableau)
        for i in 0..<sol.stepCount {
            #expect(sol.times[i] + sol.stepSizes[i] == sol.times[i + 1])
            let replay = stepper.step(t: sol.times[i], h: sol.stepSizes[i], y: Array(sol.state(i)), parameters: masses)
            #expect(replay == Array(sol.state(i + 1)), "step \(i)")
        }
        // Stage inputs are exposed: Y₁ is the checkpoint state.
        #expect(Array(stepper.stageInputs[0..<18]) == Array(sol.state(sol.stepCount - 1)))
    }

    @Test("function-evaluation count follows the method's cost per step", arguments: ButcherTableau.all)
    func evaluationCount(tableau: ButcherTableau) throws {
        let s = tableau.stageCount
        if tableau.isAdaptive {
            let sol = try solve(KeplerField(), from: 0, to: 5, initialState: KeplerOrbit(e: 0.6).initialState,
                                method: tableau, stepSize: .adaptive(StepSizeController(rtol: 1e-6, atol: 1e-8)))
            let attempts = sol.stats.acceptedSteps + sol.stats.rejectedSteps
            // k₁ at t0 + Hairer's probe + (s − 1) per attempt, + f(t⁺, y⁺) per accepted non-final
            // step without FSAL (reused as the next k₁, also after rejections).
            let carried = tableau.isFSAL ? 0 : sol.stats.acceptedSteps - 1
            #expect(sol.stats.functionEvaluations == 2 + (s - 1) * attempts + carried)
            #expect(sol.stats.acceptedSteps == sol.stepCount)
        } else {
            let sol = try solve(LinearTestProblem(), from: 0, to: 1, initialState: LinearTestProblem.exact(0),
                                method: tableau, stepSize: .fixed(dt: 0.01))
            #expect(sol.stepCount == 100)
            #expect(sol.stats.functionEvaluations == s * 100)
        }
    }

    @Test("backward integration recovers the initial state", arguments: adaptive)
    func backward(tableau: ButcherTableau) throws {
        let sol = try solve(LinearTestProblem(), from: 2, to: 0, initialState: LinearTestProblem.exact(2),
                            method: tableau, stepSize: .adaptive(StepSizeController(rtol: 1e-9, atol: 1e-9)),
                            options: SolveOptions(stopTimes: [1.5, 0.25], saveAt: [2, 1.2, 0.7, 0]))
        #expect(sol.times.last == 0)
        #expect(sol.stepSizes.allSatisfy { $0 < 0 })
        #expect(sol.times.contains(1.5) && sol.times.contains(0.25))
        let tol = tableau.order <= 2 ? 1e-5 : 1e-7
        #expect(maxAbsDifference(sol.finalState, LinearTestProblem.exact(0)) < tol)
        for (i, t) in sol.savedTimes.enumerated() {
            #expect(maxAbsDifference(sol.savedState(i), LinearTestProblem.exact(t)) < tol, "saveAt \(t)")
        }
    }

    @Test("saveAt during the solve equals evaluate(at:) afterwards, regular and irregular grids", arguments: adaptive)
    func saveAtMatchesEvaluate(tableau: ButcherTableau) throws {
        let regular = (0...50).map { Double($0) * 0.04 }
        let irregular = [0.0, 0.013, 0.3, 0.30001, 0.9, 1.41, 1.999, 2.0]
        for grid in [regular, irregular] {
            let sol = try solve(LinearTestProblem(), from: 0, to: 2, initialState: LinearTestProblem.exact(0),
                                method: tableau, stepSize: .adaptive(StepSizeController(rtol: 1e-8, atol: 1e-8)),
                                options: SolveOptions(saveAt: grid, storeDenseOutput: true))
            let evaluated = try sol.evaluate(at: grid)
            #expect(maxAbsDifference(evaluated, sol.savedStates) == 0)
            var worst = 0.0
            for (i, t) in grid.enumerated() {
                worst = max(worst, maxAbsDifference(sol.savedState(i), LinearTestProblem.exact(t)))
            }
            #expect(worst < (tableau.order <= 2 ? 1e-5 : 1e-6), "\(tableau.name): dense error \(worst)")
        }
    }

    @Test("figure-eight, 10 periods: DOP853 at rtol = atol = 1e-13 drifts < 1e-11 in energy")
    func figureEightEnergy() throws {
        let field = ThreeBodyField()
        let masses = ThreeBodyPreset.figureEightMasses
        let sol = try solve(field, from: 0, to: 10 * ThreeBodyPreset.figureEightPeriod,
                            initialState: ThreeBodyPreset.figureEight, parameters: masses,
                            method: .dormandPrince8, stepSize: .adaptive(StepSizeController(rtol: 1e-13, atol: 1e-13)))
        let e0 = field.energy(ThreeBodyPreset.figureEight, masses: masses)
        var drift = 0.0
        for i in 0...sol.stepCount { drift = max(drift, abs(field.energy(sol.state(i), masses: masses) - e0) / abs(e0)) }
        print("figure-eight dop853 1e-13: \(sol.stepCount) steps, \(sol.stats.functionEvaluations) evaluations, max relative energy drift \(drift)")
        #expect(drift < 1e-11)
        // It is a choreography: after 10 periods the bodies are back where they started.
        #expect(maxAbsDifference(sol.finalState.prefix(9), ThreeBodyPreset.figureEight.prefix(9)) < 1e-5)
    }

    @Test("controller: no growth right after a rejection, factors clamped to [0.2, 10]")
    func controllerFactors() {
        let c = StepSizeController(rtol: 1e-6, atol: 1e-6)
        #expect(c.stepFactor(error: 0, estimatorOrder: 4, afterRejection: false) == 10)
        #expect(c.stepFactor(error: 1e-12, estimatorOrder: 4, afterRejection: false) == 10)
        #expect(c.stepFactor(error: 1e-12, estimatorOrder: 4, afterRejection: true) == 1)
        #expect(c.stepFactor(error: 1e9, estimatorOrder: 4, afterRejection: false) == 0.2)
        #expect(c.stepFactor(error: .nan, estimatorOrder: 4, afterRejection: false) == 0.2)
        #expect(abs(c.stepFactor(error: 0.5, estimatorOrder: 4, afterRejection: false) - 0.9 * pow(2, 0.2)) < 1e-15)
    }
}
