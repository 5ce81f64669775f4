import Checking
import Gradients
import ODE
import Physics
import Testing

/// A field with a JVP (forward mode) for the JVP path: Lotka–Volterra with its Jacobian written out.
private struct ForwardLotkaVolterra: ForwardDifferentiableVectorField {
    let base = LotkaVolterra()
    var dimension: Int { 2 }
    var parameterCount: Int { 4 }
    func evaluate(t: Double, y: UnsafeBufferPointer<Double>, parameters: UnsafeBufferPointer<Double>,
                  into dy: UnsafeMutableBufferPointer<Double>) {
        base.evaluate(t: t, y: y, parameters: parameters, into: dy)
    }
    func vectorJacobianProduct(t: Double, y: UnsafeBufferPointer<Double>, parameters: UnsafeBufferPointer<Double>,
                               cotangent: UnsafeBufferPointer<Double>, stateCotangent: UnsafeMutableBufferPointer<Double>,
                               parameterCotangent: UnsafeMutableBufferPointer<Double>) {
        base.vectorJacobianProduct(t: t, y: y, parameters: parameters, cotangent: cotangent,
                                   stateCotangent: stateCotangent, parameterCotangent: parameterCotangent)
    }
    func jacobianVectorProduct(t: Double, y: UnsafeBufferPointer<Double>, parameters p: UnsafeBufferPointer<Double>,
                               stateTangent u: UnsafeBufferPointer<Double>, parameterTangent q: UnsafeBufferPointer<Double>,
                               into out: UnsafeMutableBufferPointer<Double>) {
        let x = y[0], z = y[1]
        out[0] = (p[0] - p[1] * z) * u[0] - p[1] * x * u[1] + x * q[0] - x * z * q[1]
        out[1] = p[2] * z * u[0] + (p[2] * x - p[3]) * u[1] + x * z * q[2] - z * q[3]
    }
}

@Suite("Forward sensitivities")
struct ForwardSensitivityTests {
    /// `Sᵀ·∂L/∂ŷ` from the sensitivities, as `[∂L/∂p, ∂L/∂y0]`.
    static func gradient(from result: SensitivityResult, observations: Observations, dimension n: Int) -> [Double] {
        let m = result.directionCount, k = observations.count
        var cotangents = [Double](repeating: 0, count: k * n)
        _ = result.predictions.withUnsafeBufferPointer { p in
            cotangents.withUnsafeMutableBufferPointer { c in
                ObservationLoss.evaluate(predictions: p, observations: observations, dimension: n, cotangents: c)
            }
        }
        return (0..<m).map { c in (0..<(k * n)).reduce(0) { $0 + cotangents[$1] * result.sensitivities[$1 * m + c] } }
    }

    @Test("Sᵀ·∂L/∂ŷ equals ACA's gradient to rounding (three-body, its JVP), landing and dense, every adaptive method",
          arguments: ButcherTableau.all.filter(\.isAdaptive).flatMap { t in [(t, ObservationMode.stepOnObservations), (t, .denseOutput)] })
    func matchesACA(tableau: ButcherTableau, mode: ObservationMode) throws {
        let problem = try GradientTestSupport.threeBody(rtol: 1e-9, atol: 1e-9, count: 20, spacing: 0.05, mode: mode, tableau: tableau)
        let aca = try computeGradient(problem, method: .aca)
        let sensitivities = try computeSensitivities(problem, includeInitialState: true)
        #expect(sensitivities.loss == aca.loss)
        #expect(sensitivities.predictions == aca.predictions)
        let fromSensitivities = Self.gradient(from: sensitivities, observations: problem.observations, dimension: 18)
        let error = relativeError(fromSensitivities, GradientTestSupport.flat(aca))
        #expect(error < 1e-12, "relative difference \(error)")
    }

    @Test("each sensitivity column matches finite differences of the frozen-step solve (Lotka–Volterra, JVP path)")
    func matchesFiniteDifferences() throws {
        let times = (1...15).map { 0.4 * Double($0) }
        let truth = try solve(LotkaVolterra(), from: 0, to: 6, initialState: [1.2, 0.8], parameters: [1.5, 1, 1, 3],
                              method: .dormandPrince5, stepSize: .adaptive(StepSizeController(rtol: 1e-10, atol: 1e-10)),
                              options: SolveOptions(saveAt: times))
        let observations = Observations(times: times, values: truth.savedStates)
        let problem = GradientProblem(field: ForwardLotkaVolterra(), initialState: [1.0, 1.0], parameters: [1.3, 0.9, 1.1, 2.7],
                                      observations: observations, controller: StepSizeController(rtol: 1e-8, atol: 1e-10))
        let result = try computeSensitivities(problem, includeInitialState: true)
        #expect(result.directionCount == 6)
        // The frozen step sequence, replayed with shifted variables.
        let frozen = try solve(problem.field, from: 0, to: 6, initialState: problem.initialState, parameters: problem.parameters,
                               method: problem.tableau, stepSize: .adaptive(problem.controller), options: problem.solveOptions)
        let stepper = RungeKuttaStepper(field: problem.field, tableau: problem.tableau)
        func predictions(_ p: [Double], _ y0: [Double]) -> [Double] {
            var y = y0, out: [Double] = []
            var q = 0
            for i in 0..<frozen.stepCount {
                y = stepper.step(t: frozen.times[i], h: frozen.stepSizes[i], y: y, parameters: p)
                if q < times.count && frozen.times[i + 1] == times[q] { out += y; q += 1 }
            }
            return out
        }
        var worst = 0.0
        for c in 0..<6 {
            let h = 1e-6
            var p = problem.parameters, y0 = problem.initialState
            if c < 4 { p[c] += h } else { y0[c - 4] += h }
            let plus = predictions(p, y0)
            if c < 4 { p[c] -= 2 * h } else { y0[c - 4] -= 2 * h }
            let minus = predictions(p, y0)
            for i in 0..<plus.count {
                let fd = (plus[i] - minus[i]) / (2 * h)
                worst = max(worst, abs(fd - result.sensitivities[i * 6 + c]) / max(1, abs(fd)))
            }
        }
        #expect(worst < 1e-7, "worst relative difference \(worst)")
        // The JVP path and the VJP-row path agree.
        let rows = try computeSensitivities(
            GradientProblem(field: LotkaVolterra(), initialState: problem.initialState, parameters: problem.parameters,
                            observations: observations, controller: problem.controller), includeInitialState: true)
        let difference = zip(rows.sensitivities, result.sensitivities).map { abs($0 - $1) }.max() ?? 0
        #expect(difference < 1e-12)
    }
}

@Suite("Jacobian–vector products")
struct JacobianVectorProductTests {
    /// `wᵀ(J u) = (Jᵀ w)ᵀ u` for random `u, w` (state and parameter parts), at a random state.
    @Test("N-body JVP is the transpose of its VJP (2, 3 and 5 bodies, softened and not)", arguments: [(2, 0.0), (3, 0.0), (3, 0.1), (5, 0.05)])
    func nBodyDuality(bodies: Int, softening: Double) {
        var random = SystemRandomNumberGenerator()
        let field = NBodyGravity(bodyCount: bodies, softening: softening)
        let n = field.dimension, m = field.parameterCount
        let y = (0..<n).map { _ in Double.random(in: -1...1, using: &random) }
        let p = (0..<m).map { _ in Double.random(in: 0.5...1.5, using: &random) }
        let u = (0..<n).map { _ in Double.random(in: -1...1, using: &random) }
        let q = (0..<m).map { _ in Double.random(in: -1...1, using: &random) }
        let w = (0..<n).map { _ in Double.random(in: -1...1, using: &random) }
        var ju = [Double](repeating: 0, count: n), gy = [Double](repeating: 0, count: n), gp = [Double](repeating: 0, count: m)
        y.withUnsafeBufferPointer { y in
            p.withUnsafeBufferPointer { p in
                u.withUnsafeBufferPointer { u in
                    q.withUnsafeBufferPointer { q in
                        ju.withUnsafeMutableBufferPointer { field.jacobianVectorProduct(t: 0, y: y, parameters: p, stateTangent: u, parameterTangent: q, into: $0) }
                    }
                }
                w.withUnsafeBufferPointer { w in
                    gy.withUnsafeMutableBufferPointer { gy in
                        gp.withUnsafeMutableBufferPointer { gp in
                            field.vectorJacobianProduct(t: 0, y: y, parameters: p, cotangent: w, stateCotangent: gy, parameterCotangent: gp)
                        }
                    }
                }
            }
        }
        let left = zip(w, ju).reduce(0) { $0 + $1.0 * $1.1 }
        let right = zip(gy, u).reduce(0) { $0 + $1.0 * $1.1 } + zip(gp, q).reduce(0) { $0 + $1.0 * $1.1 }
        #expect(abs(left - right) <= 1e-12 * max(1, abs(left)), "wᵀJu = \(left), (Jᵀw)ᵀu = \(right)")
    }
}
