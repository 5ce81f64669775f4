import Checking
import Gradients
import ODE
import Physics
import Testing

@Suite("The adjoint's error is reported, not hidden")
struct AdjointErrorTests {
    /// Van der Pol (μ = 1) over a long horizon with one observation at the end: its limit
    /// cycle attracts forward in time, so the reverse-time solve of z drifts away from the
    /// forward trajectory and the adjoint's gradient degrades; ACA replays the forward steps.
    @Test("van der Pol over a long horizon: the adjoint's gradient error is larger than ACA's")
    func vanDerPolLongHorizon() throws {
        let horizon = 25.0
        let field = VanDerPol()
        let observations = Observations(times: [horizon], values: [1.0, -0.5])
        func problem(_ tolerance: Double, _ tableau: ButcherTableau = .dormandPrince5) -> GradientProblem<VanDerPol> {
            GradientProblem(field: field, initialState: [0.5, 0.0], parameters: [1.0], observations: observations,
                            tableau: tableau, controller: StepSizeController(rtol: tolerance, atol: tolerance))
        }
        let reference = try GradientTestSupport.finiteDifferences(problem(1e-13, .dormandPrince8), relativeStep: 1e-4) {
            try evaluateLoss($0).loss
        }
        let aca = try computeGradient(problem(1e-8), method: .aca)
        let adjoint = try computeGradient(problem(1e-8), method: .adjoint(rtol: 1e-8, atol: 1e-8))
        let acaError = relativeError(GradientTestSupport.flat(aca), reference)
        let adjointError = relativeError(GradientTestSupport.flat(adjoint), reference)
        print("van der Pol T = \(horizon) at 1e-8: ACA error \(acaError), adjoint error \(adjointError) (\(adjoint.backwardAcceptedSteps) backward steps)")
        #expect(adjointError > 10 * acaError)
    }
}
