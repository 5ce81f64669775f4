import Testing
import ODE

@Suite("Typed failures and input validation")
struct FailureTests {
    let controller = StepSizeController(rtol: 1e-8, atol: 1e-8)

    func failure(_ body: () throws -> Solution) -> IntegrationFailure? {
        do { _ = try body(); return nil } catch {
            if case .integrationFailed(let f)? = error as? ODEError { return f }
            return nil
        }
    }

    func invalid(_ body: () throws -> Any) -> InvalidInput? {
        do { _ = try body(); return nil } catch {
            if case .invalidInput(let i)? = error as? ODEError { return i }
            return nil
        }
    }

    @Test("head-on collision fails fast with step-size underflow, not a hang", arguments: [ButcherTableau.dormandPrince5, .dormandPrince8, .bogackiShampine3])
    func collision(tableau: ButcherTableau) throws {
        // Radial infall from rest at r = 1 (μ = 1): collision at t = π / (2√2) ≈ 1.1107.
        let f = try #require(failure {
            try solve(KeplerField(), from: 0, to: 2, initialState: [1, 0, 0, 0], method: tableau,
                      stepSize: .adaptive(controller))
        })
        #expect(f.reason == .stepSizeUnderflow)
        #expect(abs(f.t - 1.1107207345395915) < 1e-6)
        #expect(f.acceptedSteps + f.rejectedSteps < 20_000)
        #expect(f.description.contains("underflow") && f.remedy.contains("softening"))
    }

    @Test("minStep turns a long collapse into an early underflow")
    func minStep() throws {
        var c = controller
        c.minStep = 1e-6
        let f = try #require(failure {
            try solve(KeplerField(), from: 0, to: 2, initialState: [1, 0, 0, 0], method: .dormandPrince5,
                      stepSize: .adaptive(c))
        })
        #expect(f.reason == .stepSizeUnderflow)
        #expect(abs(f.dt) < 1e-6 && f.t < 1.1107207345395915)
    }

    @Test("maxSteps caps attempts and reports counts")
    func maxSteps() throws {
        var c = controller
        c.maxSteps = 10
        let f = try #require(failure {
            try solve(KeplerField(), from: 0, to: 20, initialState: KeplerOrbit(e: 0.6).initialState,
                      method: .dormandPrince5, stepSize: .adaptive(c))
        })
        #expect(f.reason == .maxStepsExceeded(limit: 10))
        #expect(f.acceptedSteps + f.rejectedSteps == 10)
        #expect(f.t > 0 && f.functionEvaluations == 2 + 6 * 10)
        #expect(f.remedy.contains("maxSteps"))
    }

    @Test("blow-up with fixed steps: non-finite state with t and dt")
    func nonFiniteFixed() throws {
        // y' = y², y(0) = 1 blows up at t = 1; Euler overflows past it.
        let field = FunctionVectorField(dimension: 1) { _, y, _, dy in dy[0] = y[0] * y[0] }
        let f = try #require(failure {
            try solve(field, from: 0, to: 3, initialState: [1], method: .euler, stepSize: .fixed(dt: 0.1))
        })
        #expect(f.reason == .nonFiniteState(component: 0))
        #expect(f.t > 1 && f.t < 3 && abs(f.dt - 0.1) < 1e-12)
    }

    @Test("a field that is NaN at the initial state fails at t0")
    func nonFiniteAtStart() throws {
        let field = FunctionVectorField(dimension: 2) { _, y, _, dy in dy[0] = 1; dy[1] = (y[1] - 1).squareRoot() }
        let f = try #require(failure {
            try solve(field, from: 0, to: 1, initialState: [0, 0], method: .dormandPrince5, stepSize: .adaptive(controller))
        })
        #expect(f.reason == .nonFiniteState(component: 1))
        #expect(f.t == 0 && f.acceptedSteps == 0)
    }

    @Test("bad input is rejected with a clear error, never a trap")
    func badInput() throws {
        let field = LinearTestProblem()
        let y0 = LinearTestProblem.exact(0)
        let adaptive = StepSizeMode.adaptive(controller)
        func run(_ y: [Double] = y0, p: [Double] = [], t0: Double = 0, t1: Double = 1, method: ButcherTableau = .dormandPrince5,
                 mode: StepSizeMode? = nil, options: SolveOptions = SolveOptions()) -> InvalidInput? {
            invalid { () throws(ODEError) -> Any in
                try solve(field, from: t0, to: t1, initialState: y, parameters: p, method: method,
                          stepSize: mode ?? adaptive, options: options)
            }
        }
        #expect(run([0, .nan, 1]) == .nonFiniteInitialState(index: 1))
        #expect(run([0, 1]) == .dimensionMismatch(name: "y0", expected: 3, actual: 2))
        #expect(run(p: [1]) == .dimensionMismatch(name: "parameters", expected: 0, actual: 1))
        #expect(run(t1: .infinity) == .nonFiniteTime(name: "t1", value: .infinity))
        #expect(run(options: SolveOptions(saveAt: [0.5, 0.2])) == .timesNotSorted(name: "saveAt", index: 1))
        #expect(run(options: SolveOptions(stopTimes: [0.1, 0.9, 0.3])) == .timesNotSorted(name: "stopTimes", index: 2))
        #expect(run(t0: 1, t1: 0, options: SolveOptions(saveAt: [0.2, 0.5])) == .timesNotSorted(name: "saveAt", index: 1))
        #expect(run(options: SolveOptions(saveAt: [0.5, 1.5])) == .timeOutsideSpan(name: "saveAt", time: 1.5, t0: 0, t1: 1))
        #expect(run(t0: 1, t1: 1, options: SolveOptions(saveAt: [1, 2])) == .timeOutsideSpan(name: "saveAt", time: 2, t0: 1, t1: 1))
        #expect(run(mode: .adaptive(StepSizeController(rtol: -1e-6, atol: 1e-6)))
            == .invalidSetting(name: "rtol", value: -1e-6, requirement: "finite and ≥ 0"))
        #expect(run(mode: .adaptive(StepSizeController(rtol: 1e-6, atol: -1)))
            == .invalidSetting(name: "atol", value: -1, requirement: "finite and ≥ 0"))
        #expect(run(mode: .adaptive(StepSizeController(rtol: 0, atol: 0)))
            == .invalidSetting(name: "rtol + atol", value: 0, requirement: "> 0 (both tolerances are zero)"))
        // atol = 0 and a component exactly 0 at t0: no error scale (it spun on NaN steps to maxSteps).
        #expect(run([1, 0, 1], mode: .adaptive(StepSizeController(rtol: 1e-6, atol: 0)))
            == .invalidSetting(name: "atol", value: 0, requirement: "> 0 here: y0[1] is 0, and atol + rtol·|y| gives it no error scale"))
        #expect(run([1, 2, 1], mode: .adaptive(StepSizeController(rtol: 1e-6, atol: 0))) == nil)
        #expect(run([1, 0, 1], mode: .adaptive(StepSizeController(rtol: 1e-6, atol: 0, initialStep: 1e-3))) == nil)
        #expect(run(mode: .fixed(dt: 0)) == .invalidSetting(name: "dt", value: 0, requirement: "finite and > 0"))
        #expect(run(mode: .fixed(dt: -0.1)) == .invalidSetting(name: "dt", value: -0.1, requirement: "finite and > 0"))
        #expect(run(method: .rk4) == .methodHasNoErrorEstimate(method: "rk4"))

        // t0 == t1 with times at t0 is fine: the solution is y0.
        let empty = try solve(field, from: 1, to: 1, initialState: y0, method: .dormandPrince5, stepSize: adaptive,
                              options: SolveOptions(saveAt: [1, 1]))
        #expect(empty.stepCount == 0 && Array(empty.savedState(1)) == y0 && empty.stats.functionEvaluations == 0)

        // evaluate(at:) checks its times and that dense output was kept.
        let sol = try solve(field, from: 0, to: 1, initialState: y0, method: .dormandPrince5, stepSize: adaptive)
        #expect(invalid { try sol.evaluate(at: [0.5]) } == .denseOutputNotStored)
        let dense = try solve(field, from: 0, to: 1, initialState: y0, method: .dormandPrince5, stepSize: adaptive,
                              options: SolveOptions(storeDenseOutput: true))
        #expect(invalid { try dense.evaluate(at: [0.5, 0.4]) } == .timesNotSorted(name: "queryTimes", index: 1))
        #expect(invalid { try dense.evaluate(at: [-0.1]) }
            == .timeOutsideSpan(name: "queryTimes", time: -0.1, t0: 0, t1: 1))
        #expect(ODEError.invalidInput(.denseOutputNotStored).description.contains("storeDenseOutput"))
    }
}
