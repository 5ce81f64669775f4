import Foundation
import ODE
import Testing

/// A forced, damped oscillator `x'' = −p₀x − p₁x' + sin(t)`: time-dependent, with parameters,
/// evaluated in lanes through the scalar `evaluate` (the protocol's default).
private struct ForcedOscillator: LaneVectorField {
    let dimension = 2
    let parameterCount = 2
    func evaluate(t: Double, y: UnsafeBufferPointer<Double>, parameters p: UnsafeBufferPointer<Double>,
                  into dy: UnsafeMutableBufferPointer<Double>) {
        dy[0] = y[1]
        dy[1] = -p[0] * y[0] - p[1] * y[1] + sin(t)
    }
}

/// `y' = p` (constant rates): a solve whose state overflows to ±∞ accepts that step (its error
/// estimate, `h Σ eⱼ p`, is finite and `scᵢ` infinite), and `finish` reports the non-finite state.
private struct ConstantRates: LaneVectorField {
    let dimension = 2
    let parameterCount = 2
    func evaluate(t: Double, y: UnsafeBufferPointer<Double>, parameters p: UnsafeBufferPointer<Double>,
                  into dy: UnsafeMutableBufferPointer<Double>) {
        dy[0] = p[0]
        dy[1] = p[1]
    }
}

extension KeplerField: LaneVectorField {}

@Suite("Lane integrator: 4 or 8 solves at once (every kernel set the CPU has), each equal to solve bit for bit")
struct LaneIntegratorTests {
    /// Every kernel set this CPU can run (Swift, AVX2, AVX-512: 4, 4 and 8 lanes).
    static let kernelSets = LaneIntegratorKernels.allCases.filter(\.isAvailable)

    /// Solves `jobs` through the lanes with `kernels`; results by job id.
    func laneResults<F: LaneVectorField>(_ field: F, _ tableau: ButcherTableau, _ controller: StepSizeController,
                                         _ jobs: [LaneIntegrator<F>.Job], kernels: LaneIntegratorKernels) -> [Int: Result<Solution, ODEError>] {
        var queue = jobs[...], out: [Int: Result<Solution, ODEError>] = [:]
        let lanes = LaneIntegrator(field: field, tableau: tableau, controller: controller)
        lanes.kernels = kernels
        lanes.run(next: { queue.popFirst() }, done: { id, result in out[id] = result })
        return out
    }

    func expectSame(_ lane: Result<Solution, ODEError>?, _ reference: Result<Solution, ODEError>, _ label: String) {
        switch (lane, reference) {
        case (.success(let a)?, .success(let b)):
            #expect(a.savedStates.map(\.bitPattern) == b.savedStates.map(\.bitPattern), "\(label): saved states")
            #expect(a.times.map(\.bitPattern) == b.times.map(\.bitPattern) && a.states.map(\.bitPattern) == b.states.map(\.bitPattern),
                    "\(label): final state")
            #expect(a.stats == b.stats, "\(label): \(a.stats) vs \(b.stats)")
            #expect(a.savedTimes == b.savedTimes)
        case (.failure(let a)?, .failure(let b)):
            #expect(a == b, "\(label): \(a) vs \(b)")
        default:
            Issue.record("\(label): lanes gave \(String(describing: lane)), solve gave \(reference)")
        }
    }

    func reference<F: VectorField>(_ field: F, _ tableau: ButcherTableau, _ controller: StepSizeController,
                                   _ job: LaneIntegrator<F>.Job) -> Result<Solution, ODEError> {
        Result { () throws(ODEError) -> Solution in
            try solve(field, from: job.t0, to: job.t1, initialState: job.initialState, parameters: job.parameters,
                      method: tableau, stepSize: .adaptive(controller), options: SolveOptions(saveAt: job.saveAt, recordSteps: false))
        }
    }

    @Test("Kepler orbits of eccentricity 0 … 0.9 (very different step counts, lanes refilled), every adaptive method",
          arguments: ButcherTableau.all.filter(\.isAdaptive))
    func kepler(tableau: ButcherTableau) {
        let controller = StepSizeController(rtol: 1e-9, atol: 1e-9)
        let jobs = (0..<11).map { k -> LaneIntegrator<KeplerField>.Job in
            let e = 0.09 * Double(k), span = 2 * Double.pi * Double(1 + k % 3)
            // Save times off and on step ends: the start, irregular interior times, the end.
            let saves = [0] + (1...17).map { span * (Double($0) + 0.37 * Double(k % 2)) / 18.5 } + [span]
            return .init(id: k, t0: 0, t1: span, initialState: KeplerOrbit(e: e).initialState, parameters: [], saveAt: saves)
        }
        for kernels in Self.kernelSets {
            let lanes = laneResults(KeplerField(), tableau, controller, jobs, kernels: kernels)
            #expect(lanes.count == jobs.count)
            for job in jobs {
                expectSame(lanes[job.id], reference(KeplerField(), tableau, controller, job), "\(tableau.name) e #\(job.id) \(kernels)")
            }
        }
    }

    @Test("time-dependent field with per-lane parameters and start times, backward spans, empty spans and failures")
    func mixedJobs() {
        var controller = StepSizeController(rtol: 1e-10, atol: 1e-12)
        controller.maxSteps = 400
        let field = ForcedOscillator()
        var jobs: [LaneIntegrator<ForcedOscillator>.Job] = []
        for k in 0..<9 {
            let t0 = 0.5 * Double(k), t1 = k == 4 ? t0 - 3 : t0 + 2 + Double(k)
            let saves = k == 4 ? [t0 - 1, t0 - 2.5] : stride(from: t0, through: t1, by: 0.3).map { $0 }
            jobs.append(.init(id: k, t0: t0, t1: t1, initialState: [1, Double(k) / 10], parameters: [1 + Double(k), 0.1 * Double(k)],
                              saveAt: saves))
        }
        // An empty span, a non-finite start (invalid input), and stiff parameters that exhaust maxSteps.
        jobs.append(.init(id: 9, t0: 1, t1: 1, initialState: [1, 0], parameters: [1, 0], saveAt: [1]))
        jobs.append(.init(id: 10, t0: 0, t1: 1, initialState: [.nan, 0], parameters: [1, 0], saveAt: []))
        jobs.append(.init(id: 11, t0: 0, t1: 10, initialState: [1, 0], parameters: [1e8, 0], saveAt: []))
        jobs.append(.init(id: 12, t0: 0, t1: 1, initialState: [0, 1], parameters: [2, 0.5], saveAt: [0.5]))
        for tableau in [ButcherTableau.dormandPrince8, .bogackiShampine3, .heunEuler] {
            for kernels in Self.kernelSets {
                let lanes = laneResults(field, tableau, controller, jobs, kernels: kernels)
                #expect(lanes.count == jobs.count)
                for job in jobs {
                    expectSame(lanes[job.id], reference(field, tableau, controller, job), "\(tableau.name) #\(job.id) \(kernels)")
                }
                if case .failure(.integrationFailed(let failure))? = lanes[11] {
                    #expect(failure.reason == .maxStepsExceeded(limit: 400))
                } else {
                    Issue.record("\(tableau.name) \(kernels): job 11 should exhaust maxSteps")
                }
            }
        }
    }

    @Test("a state overflowing at an accepted step fails in lanes as in solve; finite states whose sum overflows go on",
          arguments: [ButcherTableau.dormandPrince8, .dormandPrince5, .tsitouras5])
    func overflowingStates(tableau: ButcherTableau) {
        let controller = StepSizeController(rtol: 1e-9, atol: 1e-9)
        // (initial state, rates): overflows to +∞ after t ≈ 1.8 and to −∞ after t ≈ 9.8, finite
        // components whose sum is +∞ (the lanes' quick finiteness filter flags them), ordinary ones.
        let cases: [([Double], [Double])] = [
            ([0, 0], [1, 2]), ([1.78e308, 0], [1e307, 1]), ([1e308, 1e308], [-1e305, -1e305]), ([-1.7e308, 1], [-1e307, 0]),
            ([1, -1], [0.5, -3]), ([1e308, 1e308], [-1e305, -1e305]), ([0, 1.78e308], [0, 1e307]), ([2, 3], [0, 0]),
        ]
        let jobs = cases.enumerated().map { k, c in
            // Few saves: the overflowing step neither saves nor ends (steps grow tenfold up to t ≈ 11).
            LaneIntegrator<ConstantRates>.Job(id: k, t0: 0, t1: 100, initialState: c.0, parameters: c.1, saveAt: [0, 0.5, 100])
        }
        for kernels in Self.kernelSets {
            let lanes = laneResults(ConstantRates(), tableau, controller, jobs, kernels: kernels)
            var nonFinite: [Int] = []
            for job in jobs {
                let reference = reference(ConstantRates(), tableau, controller, job)
                expectSame(lanes[job.id], reference, "\(tableau.name) #\(job.id) \(kernels)")
                if case .failure(.integrationFailed(let failure)) = reference, case .nonFiniteState = failure.reason { nonFinite.append(job.id) }
            }
            #expect(nonFinite == [1, 3, 6], "\(tableau.name) \(kernels): non-finite failures of jobs \(nonFinite)")
            for id in [2, 5] {
                guard case .success(let solution)? = lanes[id] else { Issue.record("job \(id) \(kernels) should succeed"); continue }
                #expect(solution.savedStates.allSatisfy(\.isFinite) && solution.savedStates.last! < 1e308)
            }
        }
    }

    @Test("the kernel sets this CPU reports: Swift always; the best one is available and is what a new integrator uses")
    func kernelChoice() {
        #expect(LaneIntegratorKernels.swift.isAvailable)
        #expect(LaneIntegratorKernels.best.isAvailable)
        #expect(LaneIntegrator(field: KeplerField(), tableau: .dormandPrince5, controller: StepSizeController(rtol: 1e-6, atol: 1e-6)).kernels == .best)
        // AVX-512 implies AVX2 (the check requires both), and the widths are those of the layouts.
        if LaneIntegratorKernels.avx512.isAvailable { #expect(LaneIntegratorKernels.avx2.isAvailable) }
        #expect(LaneIntegratorKernels.allCases.map(\.width) == [4, 4, 8])
    }
}
