import Checking
import Foundation
import Gradients
import ODE
import Physics

/// Problems, finite differences and reference computations shared by the gradient tests.
enum GradientTestSupport {
    /// What a method's gradient is the exact derivative of. Exhaustive over `GradientMethod.Kind`, so a
    /// new method must say before the tests that iterate `GradientMethod.allCases` compile.
    enum Target {
        /// The adaptive solve itself, step-size control included (finite differences of `evaluateLoss`).
        case adaptiveSolve
        /// The discrete solve with its accepted steps frozen (finite differences of `frozenLoss`).
        case frozenSteps
        /// The exact flow, approximately (finite differences of a tight solve).
        case continuousSolution
        /// The discrete asynchronous-leapfrog solve with its step schedule frozen (MALI).
        case leapfrogFrozenSteps
    }

    static func target(of method: GradientMethod) -> Target {
        switch method.kind {
        case .naive: .adaptiveSolve
        case .naiveFrozenSteps, .aca: .frozenSteps
        case .adjoint: .continuousSolution
        case .mali: .leapfrogFrozenSteps
        }
    }

    /// Least-squares slope of `log y` against `log x` (a convergence order).
    static func logLogSlope(_ xs: [Double], _ ys: [Double]) -> Double {
        let lx = xs.map { Foundation.log($0) }, ly = ys.map { Foundation.log($0) }
        let mx = lx.reduce(0, +) / Double(lx.count), my = ly.reduce(0, +) / Double(ly.count)
        let num = zip(lx, ly).reduce(0) { $0 + ($1.0 - mx) * ($1.1 - my) }
        let den = lx.reduce(0) { $0 + ($1 - mx) * ($1 - mx) }
        return num / den
    }

    /// `[∂L/∂p, ∂L/∂y0]` as one vector.
    static func flat(_ result: GradientResult) -> [Double] { result.parameterGradient + result.initialStateGradient }

    /// The benchmark workload: a random bound three-body system (seed, index), observed in
    /// positions at `t = 0.1k` (k = 1…50) from a tight DOP853 solve with the true masses; the model
    /// starts from the true state with masses perturbed by +10 %. Parameters `[m1, m2, m3, G]`.
    static func threeBody(seed: UInt64 = 1, index: Int = 0, rtol: Double, atol: Double, count: Int = 50,
                          spacing: Double = 0.1, mode: ObservationMode = .stepOnObservations,
                          tableau: ButcherTableau = .dormandPrince5) throws -> GradientProblem<NBodyGravity>
    {
        let configuration = ThreeBodyPreset.randomConfiguration(seed: seed, index: index)
        let times = (1...count).map { spacing * Double($0) }
        let truth = try solve(configuration.field, from: 0, to: times.last!, initialState: configuration.initialState,
                              parameters: configuration.parameters, method: .dormandPrince8,
                              stepSize: .adaptive(StepSizeController(rtol: 1e-13, atol: 1e-13)),
                              options: SolveOptions(saveAt: times))
        let mask = (0..<count).flatMap { _ in (0..<18).map { $0 < 9 } }
        let perturbed = configuration.masses.map { 1.1 * $0 } + [configuration.G]
        return GradientProblem(
            field: configuration.field, t0: 0, initialState: configuration.initialState, parameters: perturbed,
            observations: Observations(times: times, values: truth.savedStates, mask: mask),
            tableau: tableau, controller: StepSizeController(rtol: rtol, atol: atol), observationMode: mode)
    }

    /// Central finite differences of `loss` at `[p, y0]` (`Checking.FiniteDifference`'s five-point
    /// stencil), each variable stepped by `relativeStep · max(1, |x|)`.
    static func finiteDifferences<F: DifferentiableVectorField, E: Error>(
        _ problem: GradientProblem<F>, relativeStep: Double = 1e-4,
        loss: (GradientProblem<F>) throws(E) -> Double
    ) throws(E) -> [Double] {
        let m = problem.parameters.count
        return try FiniteDifference.gradient(of: { (theta: [Double]) throws(E) -> Double in
            var copy = problem
            copy.parameters = Array(theta[0..<m])
            copy.initialState = Array(theta[m...])
            return try loss(copy)
        }, at: problem.parameters + problem.initialState, step: .relative(relativeStep))
    }

    /// The loss of `problem` integrated with the step sequence of `frozen` (its accepted
    /// `(tᵢ, hᵢ)`), replayed with a fixed stepper: the discrete solver with its steps frozen.
    /// Observations are read as `solve` reads them (step ends, or the dense output).
    /// The loss is `problem.loss`.
    static func frozenLoss<F: DifferentiableVectorField>(_ problem: GradientProblem<F>, steps frozen: Solution) -> Double {
        let n = problem.field.dimension
        let stepper = RungeKuttaStepper(field: problem.field, tableau: problem.tableau)
        let obs = problem.observations
        var predictions = [Double](repeating: 0, count: obs.count * n)
        var y = problem.initialState
        var q = 0
        while q < obs.count && obs.times[q] == frozen.times[0] {
            for d in 0..<n { predictions[q * n + d] = y[d] }
            q += 1
        }
        for i in 0..<frozen.stepCount {
            let t = frozen.times[i], h = frozen.stepSizes[i], tNext = frozen.times[i + 1]
            let next = stepper.step(t: t, h: h, y: y, parameters: problem.parameters)
            if q < obs.count && obs.times[q] < tNext {
                problem.parameters.withUnsafeBufferPointer { p in
                    y.withUnsafeBufferPointer { yb in
                        _ = stepper.computeExtraStages(t: t, h: h, y: yb, parameters: p)
                    }
                }
                var source = Array(stepper.stages)
                if problem.tableau.denseOutput.kind == .cubicHermite {
                    var f1 = [Double](repeating: 0, count: n)
                    problem.parameters.withUnsafeBufferPointer { p in
                        next.withUnsafeBufferPointer { yb in
                            f1.withUnsafeMutableBufferPointer { problem.field.evaluate(t: tNext, y: yb, parameters: p, into: $0) }
                        }
                    }
                    source = Array(stepper.stages[0..<n]) + f1
                }
                while q < obs.count && obs.times[q] < tNext {
                    predictions.withUnsafeMutableBufferPointer { out in
                        y.withUnsafeBufferPointer { y0 in
                            next.withUnsafeBufferPointer { y1 in
                                source.withUnsafeBufferPointer { k in
                                    problem.tableau.denseOutput.interpolate(
                                        theta: (obs.times[q] - t) / h, h: h, dimension: n, y0: y0.baseAddress!,
                                        y1: y1.baseAddress!, stages: k.baseAddress!, into: out.baseAddress! + q * n)
                                }
                            }
                        }
                    }
                    q += 1
                }
            }
            y = next
            while q < obs.count && obs.times[q] == tNext {
                for d in 0..<n { predictions[q * n + d] = y[d] }
                q += 1
            }
        }
        return problem.loss.loss(predictions: predictions, observations: obs, dimension: n).loss
    }
}
