import Foundation
import ODE
import Testing

/// The asynchronous leapfrog (Zhuang et al., ICLR 2021): exact invertibility, order 2, adaptivity.
@Suite("Asynchronous leapfrog (ALF)")
struct LeapfrogTests {
    /// Runs `steps` fixed ALF steps of `h` from `(z, v)` and then inverts them all; returns the
    /// largest relative deviation of the reconstructed `(z₀, v₀)` from the start.
    static func roundTrip<F: VectorField>(_ alf: AsynchronousLeapfrog<F>, z0: [Double], parameters: [Double],
                                          h: Double, steps: Int) -> Double {
        let n = alf.field.dimension
        var v0 = [Double](repeating: 0, count: n)
        parameters.withUnsafeBufferPointer { p in
            z0.withUnsafeBufferPointer { z in v0.withUnsafeMutableBufferPointer { alf.field.evaluate(t: 0, y: z, parameters: p, into: $0) } }
        }
        var z = z0, v = v0, zOut = z0, vOut = v0, zHalf = z0, u = z0
        var times: [Double] = [0]
        parameters.withUnsafeBufferPointer { p in
            for _ in 0..<steps {
                let t = times[times.count - 1]
                alf.step(t: t, h: h, z: z, v: v, parameters: p, zOut: &zOut, vOut: &vOut, zHalf: &zHalf, u: &u)
                z = zOut; v = vOut
                times.append(t + h)
            }
            for i in stride(from: steps - 1, through: 0, by: -1) {
                alf.inverse(t: times[i], h: h, zIn: z, vIn: v, parameters: p, z: &zOut, v: &vOut, zHalf: &zHalf, u: &u)
                z = zOut; v = vOut
            }
        }
        var worst = 0.0
        for d in 0..<n {
            worst = max(worst, abs(z[d] - z0[d]) / (1 + abs(z0[d])), abs(v[d] - v0[d]) / (1 + abs(v0[d])))
        }
        return worst
    }

    @Test("forward then inverse returns to the start to rounding over many steps (Kepler orbit, undamped)")
    func roundTripToRounding() throws {
        let alf = try AsynchronousLeapfrog(field: KeplerField())
        let orbit = KeplerOrbit(e: 0.3)
        var errors: [Int: Double] = [:]
        for steps in [100, 1_000, 10_000, 100_000] {
            let h = 20 * orbit.period / Double(steps)  // 20 orbits whatever the step count
            errors[steps] = Self.roundTrip(alf, z0: orbit.initialState, parameters: [], h: h, steps: steps)
        }
        print("ALF round trip (20 Kepler orbits, e = 0.3): max relative reconstruction error by step count \(errors.sorted { $0.key < $1.key })")
        // Rounding only: it grows slowly with the step count (about 2e-12 at 100 steps, 2e-11 at 100 000 measured).
        for (steps, error) in errors { #expect(error < 1e-10, "\(steps) steps") }
    }

    @Test("damped ALF (η = 0.8) is still exactly invertible, but its inverse amplifies rounding by 1/|2η − 1| per step")
    func dampedRoundTrip() throws {
        let alf = try AsynchronousLeapfrog(field: KeplerField(), eta: 0.8)
        let orbit = KeplerOrbit(e: 0.3)
        let short = Self.roundTrip(alf, z0: orbit.initialState, parameters: [], h: 0.01, steps: 20)
        let long = Self.roundTrip(alf, z0: orbit.initialState, parameters: [], h: 0.01, steps: 60)
        print("damped ALF (η = 0.8) round trip: 20 steps \(short), 60 steps \(long)")
        #expect(short < 1e-10)
        #expect(long > 100 * short, "the inverse's v-recursion multiplies errors by about 1/0.6 per step")
    }

    @Test("ALF is second order (fixed steps, non-autonomous linear problem with a known solution)")
    func secondOrder() throws {
        let field = LinearTestProblem()
        let steps = [0.1, 0.05, 0.025, 0.0125, 0.00625]
        var errors: [Double] = []
        for dt in steps {
            let solution = try solveLeapfrog(field, from: 0, to: 2, initialState: LinearTestProblem.exact(0), stepSize: .fixed(dt: dt))
            let exact = LinearTestProblem.exact(2)
            errors.append(zip(solution.finalState, exact).map { abs($0 - $1) }.max()!)
        }
        let slope = logLogSlope(steps, errors)
        print("ALF fixed-step errors \(errors), order \(slope)")
        #expect(abs(slope - 2) < 0.15)
    }

    @Test("adaptive ALF: error falls with the tolerance, steps land on stop times, saveAt interpolates")
    func adaptive() throws {
        let field = LinearTestProblem()
        let stops = [0.3, 0.7, 1.9]
        var errors: [Double] = []
        let tolerances = [1e-4, 1e-6, 1e-8]
        for tolerance in tolerances {
            let solution = try solveLeapfrog(
                field, from: 0, to: 3, initialState: LinearTestProblem.exact(0),
                stepSize: .adaptive(StepSizeController(rtol: tolerance, atol: tolerance)),
                options: SolveOptions(stopTimes: stops, saveAt: [0.5, 1.9, 2.95]))
            for s in stops { #expect(solution.times.contains(s)) }
            for i in 0..<solution.stepCount { #expect(solution.times[i] + solution.stepSizes[i] == solution.times[i + 1]) }
            var worst = zip(solution.finalState, LinearTestProblem.exact(3)).map { abs($0 - $1) }.max()!
            for (j, tau) in solution.savedTimes.enumerated() {
                worst = max(worst, zip(solution.savedState(j), LinearTestProblem.exact(tau)).map { abs($0 - $1) }.max()!)
            }
            errors.append(worst)
            print("adaptive ALF tol \(tolerance): \(solution.stats.acceptedSteps) accepted, \(solution.stats.rejectedSteps) rejected, max error \(worst)")
        }
        #expect(errors[0] > errors[1] && errors[1] > errors[2])
        #expect(errors[2] < 1e-5)
        let slope = logLogSlope(tolerances, errors)
        #expect(slope > 0.7 && slope < 1.3, "tolerance proportionality, slope \(slope)")
    }

    @Test("recordSteps: false keeps the schedule and the end states only, with the same result")
    func leanRecording() throws {
        let field = LinearTestProblem()
        let controller = StepSizeController(rtol: 1e-6, atol: 1e-6)
        let full = try solveLeapfrog(field, from: 0, to: 2, initialState: LinearTestProblem.exact(0), stepSize: .adaptive(controller))
        let lean = try solveLeapfrog(field, from: 0, to: 2, initialState: LinearTestProblem.exact(0), stepSize: .adaptive(controller),
                                     options: SolveOptions(recordSteps: false))
        #expect(full.states.count == (full.stepCount + 1) * 3 && lean.states.count == 6)
        #expect(lean.times == full.times && lean.stepSizes == full.stepSizes)
        #expect(Array(lean.finalState) == Array(full.finalState) && Array(lean.finalVelocity) == Array(full.finalVelocity))
    }

    @Test("η outside (0, 1] or equal to 1/2 is refused, naming the knob")
    func etaValidation() {
        for eta in [0.0, 0.5, 1.5, -1] {
            #expect(throws: ODEError.self) { _ = try AsynchronousLeapfrog(field: KeplerField(), eta: eta) }
        }
        do {
            _ = try AsynchronousLeapfrog(field: KeplerField(), eta: 0.5)
        } catch {
            #expect(error.description.contains("eta"))
        }
    }
}
