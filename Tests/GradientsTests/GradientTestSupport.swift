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
    }

    static func target(of method: GradientMethod) -> Target {
        switch method.kind {
        case .naive: .adaptiveSolve
        case .naiveFrozenSteps, .aca: .frozenSteps
        case .adjoint: .continuousSolution
        }
    }

    /// ‖a − b‖₂ / ‖b‖₂.
    static func relativeError(_ a: [Double], _ b: [Double]) -> Double {
        precondition(a.count == b.count)
        let difference = zip(a, b).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
        let norm = b.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return difference / max(norm, 1e-300)
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

    /// Central finite differences of `loss` at `[p, y0]`, each variable stepped by
    /// `relativeStep · max(1, |x|)`; fourth-order (five-point) stencil.
    static func finiteDifferences<F: DifferentiableVectorField>(
        _ problem: GradientProblem<F>, relativeStep: Double = 1e-4,
        loss: (GradientProblem<F>) throws -> Double
    ) rethrows -> [Double] {
        let m = problem.parameters.count, n = problem.initialState.count
        var gradient: [Double] = []
        for v in 0..<(m + n) {
            func shifted(_ delta: Double) throws -> Double {
                var copy = problem
                if v < m { copy.parameters[v] += delta } else { copy.initialState[v - m] += delta }
                return try loss(copy)
            }
            let x = v < m ? problem.parameters[v] : problem.initialState[v - m]
            let h = relativeStep * max(1, abs(x))
            let d = (8 * (try shifted(h)) - 8 * (try shifted(-h)) - (try shifted(2 * h)) + (try shifted(-2 * h))) / (12 * h)
            gradient.append(d)
        }
        return gradient
    }

    /// The loss of `problem` integrated with the step sequence of `frozen` (its accepted
    /// `(tᵢ, hᵢ)`), replayed with a fixed stepper: the discrete solver with its steps frozen.
    /// Observations are read as `solve` reads them (step ends, or the dense output).
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
        return ObservationLoss.evaluate(predictions: predictions, observations: obs, dimension: n).loss
    }
}
