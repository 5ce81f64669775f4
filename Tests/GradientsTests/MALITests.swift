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
        let error = GradientTestSupport.relativeError(GradientTestSupport.flat(mali), fd)
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
        let error = GradientTestSupport.relativeError(GradientTestSupport.flat(direct), fd)
        #expect(error < 1e-8, "relative error \(error)")
    }

    @Test("MALI converges to the analytic gradient as tolerances tighten (linear system), at ALF's order")
    func linearConvergence() throws {
        let exact = LinearAnalyticTests.analytic()
        let tolerances = [1e-4, 1e-5, 1e-6, 1e-7, 1e-8]
        var errors: [Double] = []
        for tolerance in tolerances {
            let mali = try maliGradient(LinearAnalyticTests.problem(tolerance: tolerance))
            errors.append(GradientTestSupport.relativeError(GradientTestSupport.flat(mali), exact.gradient))
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
            errors.append(GradientTestSupport.relativeError(GradientTestSupport.flat(mali), truth))
            print("MALI three-body tol \(tolerance): steps \(mali.acceptedSteps), gradient error \(errors.last!)")
        }
        #expect(errors[0] > errors[1] && errors[1] > errors[2])
        #expect(errors[2] < 1e-6)
    }

    /// `peakBackwardBytes` of `method` on the three-body problem observed at 4 times over `[0, horizon]`.
    static func bytes(_ method: GradientMethod, horizon: Double) throws -> (bytes: Int, steps: Int) {
        let problem = try GradientTestSupport.threeBody(rtol: 1e-7, atol: 1e-7, count: 4, spacing: horizon / 4)
        let result = try computeGradient(problem, method: method)
        return (result.peakBackwardBytes, result.acceptedSteps)
    }

    @Test("memory: MALI's and the adjoint's state storage does not grow with the horizon; ACA's and naive's do")
    func memoryAgainstHorizon() throws {
        var ratios: [String: Double] = [:]
        for method in [GradientMethod.mali, .adjoint(rtol: 1e-7, atol: 1e-7), .aca, .naive] {
            let short = try Self.bytes(method, horizon: 1), long = try Self.bytes(method, horizon: 2)
            ratios[method.name] = Double(long.bytes) / Double(short.bytes)
            print("\(method.name): \(short.bytes) B (\(short.steps) steps) → \(long.bytes) B (\(long.steps) steps)")
            if method == .mali {
                #expect(long.steps > short.steps + 50)
                // All that grows is the schedule: two doubles per accepted step.
                #expect(long.bytes - short.bytes == 16 * (long.steps - short.steps))
            }
        }
        print("peak backward bytes ratio when the horizon doubles: \(ratios)")
        #expect(ratios["adjoint"]! == 1)
        #expect(ratios["aca"]! > 1.5 && ratios["naive"]! > 1.5)
    }
}
