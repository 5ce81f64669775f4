import Gradients
import ODE
import Physics
import Testing

/// dz/dt = A z with a non-normal 3×3 `A`: z(t) = exp(At) z0, so the gradient of the MSE at
/// the observation times is known in closed form (Fréchet derivative of exp by Van Loan's block).
@Suite("Linear ODE with an analytic gradient")
struct LinearAnalyticTests {
    static let d = 3
    static let a: [Double] = [-0.2, 1.0, 0.3, -1.1, -0.1, 0.5, 0.2, -0.4, -0.3]
    static let z0: [Double] = [1.0, 0.5, -0.3]
    static let times: [Double] = [0.4, 1.1, 1.7, 2.5, 3.0]
    static let observed: [Double] = [0.9, 0.2, -0.1, 0.3, -0.6, 0.0, -0.2, -0.5, 0.1, -0.6, 0.1, 0.2, -0.3, 0.4, 0.0]

    static func problem(tolerance: Double, mode: ObservationMode = .stepOnObservations) -> GradientProblem<LinearSystem> {
        GradientProblem(field: LinearSystem(dimension: d), t0: 0, initialState: z0, parameters: a,
                        observations: Observations(times: times, values: observed),
                        tableau: .dormandPrince5, controller: StepSizeController(rtol: tolerance, atol: tolerance),
                        observationMode: mode)
    }

    /// `[∂L/∂A, ∂L/∂z0]` exactly.
    static func analytic() -> (loss: Double, gradient: [Double]) {
        let d = Self.d, count = Double(times.count * d)
        var gradA = [Double](repeating: 0, count: d * d), gradZ = [Double](repeating: 0, count: d)
        var loss = 0.0
        for (k, t) in times.enumerated() {
            let e = MatrixExponential.exponential(a.map { $0 * t }, d)
            var z = [Double](repeating: 0, count: d)
            for i in 0..<d { for j in 0..<d { z[i] += e[i * d + j] * z0[j] } }
            var c = [Double](repeating: 0, count: d)
            for i in 0..<d {
                let r = z[i] - observed[k * d + i]
                loss += r * r / count
                c[i] = 2 * r / count
            }
            for i in 0..<d { for j in 0..<d { gradZ[j] += e[i * d + j] * c[i] } }
            for p in 0..<d {
                for q in 0..<d {
                    var direction = [Double](repeating: 0, count: d * d)
                    direction[p * d + q] = t
                    let l = MatrixExponential.exponentialDerivative(a.map { $0 * t }, direction, d)
                    var value = 0.0
                    for i in 0..<d { for j in 0..<d { value += c[i] * l[i * d + j] * z0[j] } }
                    gradA[p * d + q] += value
                }
            }
        }
        return (loss, gradA + gradZ)
    }

    @Test("every gradient method converges to the analytic gradient as tolerances tighten")
    func convergence() throws {
        let exact = Self.analytic()
        let tolerances = [1e-4, 1e-6, 1e-8, 1e-10, 1e-12]
        for method in GradientMethod.allCases {
            var errors: [Double] = []
            for tolerance in tolerances {
                let chosen = method.withBackwardTolerances(rtol: tolerance, atol: tolerance)
                let result = try computeGradient(Self.problem(tolerance: tolerance), method: chosen)
                errors.append(GradientTestSupport.relativeError(GradientTestSupport.flat(result), exact.gradient))
                #expect(abs(result.loss - exact.loss) <= 10 * tolerance * exact.loss + 1e-15)
            }
            print("linear analytic \(method.name): relative errors at tol \(tolerances): \(errors.map { String(format: "%.2e", $0) })")
            // Converges: every 100× tightening gains at least 10× until rounding (1e-12), and ends below 1e-10.
            for i in 1..<tolerances.count where errors[i - 1] > 1e-11 {
                #expect(errors[i] < errors[i - 1] / 10, "\(method.name): \(errors)")
            }
            #expect(errors.last! < 1e-10, "\(method.name): \(errors)")
        }
    }
}
