import Datasets
import Gradients
import Models
import ODE
import Testing

/// Gradients of losses through adaptive solves of universal differential equations: the
/// composition is just another field, so ACA, naive and the adjoint work on it unchanged.
@Suite("Gradients through universal differential equations")
struct UniversalEquationGradientTests {
    /// Lotka–Volterra with the interaction terms replaced by a network, and every weight random
    /// (the initial zero output layer would hide the hidden layers' gradient paths).
    func problem(source: String, rtol: Double) throws -> GradientProblem<UniversalEquationModel> {
        let model = try UniversalEquationModel(source: source, networks: ["U": NetworkSettings(hiddenWidths: [5], activation: .tanh)])
        var random = SeededRandom(seed: 17)
        let weights = (0..<(model.parameterCount - 2)).map { _ in 0.5 * random.uniform(-1, 1) }
        let observations = Observations(times: [0.5, 1.1, 1.8, 2.5], values: [1.1, 0.6, 1.4, 0.7, 1.2, 1.0, 0.8, 1.1])
        return GradientProblem(field: model, initialState: [1.0, 0.5], parameters: [1.3, 2.1] + weights, observations: observations,
                               controller: StepSizeController(rtol: rtol, atol: rtol))
    }

    static let autonomous = "d(x)/dt = alpha*x + nn(U; x, y)[0]; d(y)/dt = -gamma*y + nn(U; x, y)[1]"
    static let timeDependent = "d(x)/dt = alpha*x + nn(U; x, y, cos(2*t))[0]; d(y)/dt = -gamma*y + nn(U; x, y, cos(2*t))[1]"

    @Test("ACA equals reverse mode through the accepted steps (naive, step sizes frozen) to rounding")
    func acaEqualsFrozenNaive() throws {
        let p = try problem(source: Self.autonomous, rtol: 1e-6)
        let aca = try computeGradient(p, method: .aca)
        let frozen = try computeGradient(p, method: .naiveFrozenSteps)
        #expect(aca.predictions == frozen.predictions)
        let a = aca.parameterGradient + aca.initialStateGradient, b = frozen.parameterGradient + frozen.initialStateGradient
        let difference = zip(a, b).map { ($0 - $1) * ($0 - $1) }.reduce(0, +).squareRoot()
        let norm = b.map { $0 * $0 }.reduce(0, +).squareRoot()
        print("UDE: ACA vs naive through accepted steps: relative difference \(difference / norm), \(aca.acceptedSteps) steps")
        #expect(norm > 0 && difference / norm < 1e-12)
    }

    @Test("time-dependent UDE: naive (∂f/∂t through the network's input) and the adjoint equal central differences of the adaptive solve")
    func naiveAndAdjointMatchFiniteDifferences() throws {
        let p = try problem(source: Self.timeDependent, rtol: 1e-5)
        #expect(!p.field.isAutonomous)
        let naive = try computeGradient(p, method: .naive).parameterGradient
        let fd = try p.parameters.indices.map { j -> Double in
            var up = p, down = p
            up.parameters[j] += 1e-7
            down.parameters[j] -= 1e-7
            return (try evaluateLoss(up).loss - evaluateLoss(down).loss) / 2e-7
        }
        let norm = fd.map { $0 * $0 }.reduce(0, +).squareRoot()
        let naiveError = zip(naive, fd).map { ($0 - $1) * ($0 - $1) }.reduce(0, +).squareRoot() / norm
        var tight = try problem(source: Self.timeDependent, rtol: 1e-11)
        tight.parameters = p.parameters
        let adjoint = try computeGradient(tight, method: .adjoint(rtol: 1e-11, atol: 1e-11)).parameterGradient
        let tightFD = try tight.parameters.indices.map { j -> Double in
            var up = tight, down = tight
            up.parameters[j] += 1e-5
            down.parameters[j] -= 1e-5
            return (try evaluateLoss(up).loss - evaluateLoss(down).loss) / 2e-5
        }
        let adjointError = zip(adjoint, tightFD).map { ($0 - $1) * ($0 - $1) }.reduce(0, +).squareRoot()
            / tightFD.map { $0 * $0 }.reduce(0, +).squareRoot()
        print("time-dependent UDE: naive vs FD \(naiveError), adjoint vs FD (rtol 1e-11) \(adjointError)")
        #expect(naiveError < 1e-5)
        #expect(adjointError < 1e-6)
    }
}
