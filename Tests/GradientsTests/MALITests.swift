import Foundation
import Checking
import Gradients
import ODE
import Physics
import Testing

/// MALI (Zhuang et al., ICLR 2021): the exact gradient of the discrete ALF solve, converging
/// to the true gradient, with memory independent of the horizon.
@Suite("MALI: gradients through the asynchronous leapfrog")
struct MALITests {
    /// The loss of `problem` integrated by ALF with the schedule of `frozen` (its accepted
    /// `(tᵢ, hᵢ)`), `v₀ = f(t₀, z₀)` recomputed: the discrete solve with its steps frozen.
    static func frozenLoss<F: DifferentiableVectorField>(_ problem: GradientProblem<F>, schedule frozen: LeapfrogSolution) throws -> Double {
        let n = problem.field.dimension, obs = problem.observations
        let alf = try AsynchronousLeapfrog(field: problem.field, eta: frozen.eta)
        var predictions = [Double](repeating: 0, count: obs.count * n)
        var z = problem.initialState, v = z, zOut = z, vOut = z, zHalf = z, u = z
        var q = 0
        problem.parameters.withUnsafeBufferPointer { p in
            z.withUnsafeBufferPointer { zb in v.withUnsafeMutableBufferPointer { problem.field.evaluate(t: problem.t0, y: zb, parameters: p, into: $0) } }
            while q < obs.count && obs.times[q] == frozen.times[0] {
                for d in 0..<n { predictions[q * n + d] = z[d] }
                q += 1
            }
            for i in 0..<frozen.stepCount {
                alf.step(t: frozen.times[i], h: frozen.stepSizes[i], z: z, v: v, parameters: p,
                         zOut: &zOut, vOut: &vOut, zHalf: &zHalf, u: &u)
                z = zOut; v = vOut
                while q < obs.count && obs.times[q] == frozen.times[i + 1] {
                    for d in 0..<n { predictions[q * n + d] = z[d] }
                    q += 1
                }
            }
        }
        return ObservationLoss.evaluate(predictions: predictions, observations: obs, dimension: n).loss
    }

    static func schedule<F: DifferentiableVectorField>(_ problem: GradientProblem<F>, eta: Double = 1) throws -> LeapfrogSolution {
        try solveLeapfrog(problem.field, from: problem.t0, to: problem.t1, initialState: problem.initialState,
                          parameters: problem.parameters, eta: eta, stepSize: .adaptive(problem.controller),
                          options: SolveOptions(stopTimes: problem.observations.times, recordSteps: false))
    }

    @Test("MALI equals finite differences of the discrete ALF solve with its step sequence frozen (three-body, η = 1 and 0.9)",
          arguments: [1.0, 0.9])
    func equalsFrozenFiniteDifferences(eta: Double) throws {
        let problem = try GradientTestSupport.threeBody(rtol: 1e-5, atol: 1e-5, count: 12, spacing: 0.1)
        let mali = try maliGradient(problem, eta: eta)
        let frozen = try Self.schedule(problem, eta: eta)
        #expect(mali.acceptedSteps == frozen.stepCount)
        let fd = try GradientTestSupport.finiteDifferences(problem, relativeStep: 1e-4) { try Self.frozenLoss($0, schedule: frozen) }
        let error = relativeError(GradientTestSupport.flat(mali), fd)
        print("MALI (η = \(eta)) vs FD of the frozen ALF solve: relative error \(error), \(mali.acceptedSteps) steps, reconstruction error \(mali.reconstructionError!)")
        #expect(error < 1e-8)
        #expect(abs(mali.loss - (try Self.frozenLoss(problem, schedule: frozen))) <= 1e-14 * mali.loss)
    }

    @Test("computeGradient(.mali) is maliGradient with η = 1, observations at irregular times including t0")
    func dispatchAndIrregularTimes() throws {
        var problem = LinearAnalyticTests.problem(tolerance: 1e-6)
        problem.observations.times = [0, 0.13, 0.4, 1.7, 1.71, 3.0]
        problem.observations.values = (0..<18).map { 0.1 * Double($0 % 5) - 0.2 }
        let viaDispatch = try computeGradient(problem, method: .mali)
        let direct = try maliGradient(problem)
        #expect(viaDispatch == direct && viaDispatch.method == "mali")
        let frozen = try Self.schedule(problem)
        for tau in problem.observations.times { #expect(frozen.times.contains(tau)) }
        let fd = try GradientTestSupport.finiteDifferences(problem, relativeStep: 1e-4) { try Self.frozenLoss($0, schedule: frozen) }
        let error = relativeError(GradientTestSupport.flat(direct), fd)
        #expect(error < 1e-8, "relative error \(error)")
    }

    @Test("MALI converges to the analytic gradient as tolerances tighten (linear system), at ALF's order")
    func linearConvergence() throws {
        let exact = LinearAnalyticTests.analytic()
        let tolerances = [1e-4, 1e-5, 1e-6, 1e-7, 1e-8]
        var errors: [Double] = []
        for tolerance in tolerances {
            let mali = try maliGradient(LinearAnalyticTests.problem(tolerance: tolerance))
            errors.append(relativeError(GradientTestSupport.flat(mali), exact.gradient))
            print("MALI linear tol \(tolerance): steps \(mali.acceptedSteps), gradient error \(errors.last!), reconstruction \(mali.reconstructionError!)")
        }
        for i in 1..<errors.count { #expect(errors[i] < errors[i - 1]) }
        #expect(errors.last! < 1e-5)
        let slope = GradientTestSupport.logLogSlope(tolerances, errors)
        #expect(slope > 0.6 && slope < 1.4, "error ∝ tolerance, slope \(slope)")
    }

    @Test("MALI converges to the three-body gradient from forward sensitivities (DOP853, 1e-12)")
    func threeBodyConvergence() throws {
        let reference = try GradientTestSupport.threeBody(rtol: 1e-12, atol: 1e-12, count: 10, spacing: 0.1, tableau: .dormandPrince8)
        let sensitivities = try computeSensitivities(reference, includeInitialState: true)
        let truth = ForwardSensitivityTests.gradient(from: sensitivities, observations: reference.observations, dimension: 18)
        var errors: [Double] = []
        for tolerance in [1e-5, 1e-7, 1e-9] {
            let mali = try maliGradient(GradientTestSupport.threeBody(rtol: tolerance, atol: tolerance, count: 10, spacing: 0.1))
            errors.append(relativeError(GradientTestSupport.flat(mali), truth))
            print("MALI three-body tol \(tolerance): steps \(mali.acceptedSteps), gradient error \(errors.last!)")
        }
        #expect(errors[0] > errors[1] && errors[1] > errors[2])
        #expect(errors[2] < 1e-6)
    }

    /// `peakBackwardBytes` and steps of `method` on `problem(horizon)` for two horizons.
    static func bytes<F: DifferentiableVectorField>(_ method: GradientMethod, _ problem: (Double) throws -> GradientProblem<F>,
                                                    horizons: (Double, Double)) throws -> (short: GradientResult, long: GradientResult) {
        (try computeGradient(problem(horizons.0), method: method), try computeGradient(problem(horizons.1), method: method))
    }

    @Test("memory, three-body: MALI grows by exactly its schedule (16 B per step), the adjoint not at all")
    func memoryThreeBody() throws {
        let problem = { (horizon: Double) in try GradientTestSupport.threeBody(rtol: 1e-7, atol: 1e-7, count: 4, spacing: horizon / 4) }
        for method in [GradientMethod.mali, .adjoint(rtol: 1e-7, atol: 1e-7), .aca, .naive] {
            let (short, long) = try Self.bytes(method, problem, horizons: (1, 2))
            print("three-body \(method.name): \(short.peakBackwardBytes) B (\(short.acceptedSteps) steps) → \(long.peakBackwardBytes) B (\(long.acceptedSteps) steps)")
            switch method {
            case .mali:
                #expect(long.acceptedSteps > short.acceptedSteps + 50)
                #expect(long.peakBackwardBytes - short.peakBackwardBytes == 16 * (long.acceptedSteps - short.acceptedSteps))
            case .adjoint: #expect(long.peakBackwardBytes == short.peakBackwardBytes)
            default: #expect(long.peakBackwardBytes > short.peakBackwardBytes)
            }
        }
    }

    @Test("memory, 500 oscillators (a state larger than the schedule): MALI's and the adjoint's peak bytes ≤ 1.25× when the horizon doubles, ACA's and naive's > 1.5×")
    func memoryAgainstHorizon() throws {
        let problem = { (horizon: Double) in OscillatorBank.problem(oscillators: 500, horizon: horizon, tolerance: 1e-4) }
        var ratios: [String: Double] = [:]
        for method in [GradientMethod.mali, .adjoint(rtol: 1e-4, atol: 1e-4), .aca, .naive] {
            let (short, long) = try Self.bytes(method, problem, horizons: (40, 80))
            ratios[method.name] = Double(long.peakBackwardBytes) / Double(short.peakBackwardBytes)
            print("oscillators \(method.name): \(short.peakBackwardBytes) B (\(short.acceptedSteps) steps) → \(long.peakBackwardBytes) B (\(long.acceptedSteps) steps)")
            #expect(long.acceptedSteps > short.acceptedSteps * 3 / 2)
        }
        print("peak backward bytes ratio when the horizon doubles: \(ratios)")
        #expect(ratios["mali"]! <= 1.25 && ratios["adjoint"]! <= 1.25)
        #expect(ratios["aca"]! > 1.5 && ratios["naive"]! > 1.5)
    }
}

/// `k` uncoupled harmonic oscillators `x′ = ωy, y′ = −ωx`, frequencies `ω` the parameters: a
/// state of `2k` numbers with only `k` parameters (a large state, as in the MALI paper's image models).
struct OscillatorBank: DifferentiableVectorField {
    let oscillators: Int
    var dimension: Int { 2 * oscillators }
    var parameterCount: Int { oscillators }
    var isAutonomous: Bool { true }

    func evaluate(t: Double, y: UnsafeBufferPointer<Double>, parameters w: UnsafeBufferPointer<Double>,
                  into dy: UnsafeMutableBufferPointer<Double>) {
        let k = oscillators
        for i in 0..<k { dy[i] = w[i] * y[k + i]; dy[k + i] = -w[i] * y[i] }
    }

    func vectorJacobianProduct(t: Double, y: UnsafeBufferPointer<Double>, parameters w: UnsafeBufferPointer<Double>,
                               cotangent a: UnsafeBufferPointer<Double>, stateCotangent: UnsafeMutableBufferPointer<Double>,
                               parameterCotangent: UnsafeMutableBufferPointer<Double>) {
        let k = oscillators
        for i in 0..<k {
            stateCotangent[i] -= w[i] * a[k + i]
            stateCotangent[k + i] += w[i] * a[i]
            parameterCotangent[i] += y[k + i] * a[i] - y[i] * a[k + i]
        }
    }

    /// Observed at 4 equally spaced times over `[0, horizon]`, data from slightly different frequencies.
    static func problem(oscillators k: Int, horizon: Double, tolerance: Double) -> GradientProblem<OscillatorBank> {
        let omega = (0..<k).map { 0.5 + Double($0) / Double(k) }
        let y0 = (0..<k).map { 1 + 0.01 * Double($0) } + [Double](repeating: 0, count: k)
        let times = (1...4).map { horizon * Double($0) / 4 }
        var values: [Double] = []
        for t in times {
            for i in 0..<k { values.append(y0[i] * cos(1.05 * omega[i] * t)) }
            for i in 0..<k { values.append(-y0[i] * sin(1.05 * omega[i] * t)) }
        }
        return GradientProblem(field: OscillatorBank(oscillators: k), initialState: y0, parameters: omega,
                               observations: Observations(times: times, values: values),
                               controller: StepSizeController(rtol: tolerance, atol: tolerance))
    }
}
