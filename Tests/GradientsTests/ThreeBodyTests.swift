import Gradients
import ODE
import Physics
import Testing

@Suite("Three-body gradients against a tight solve")
struct ThreeBodyTests {
    @Test("masses and initial state: ACA at rtol = atol = 1e-9 is within 1e-6 of finite differences of a 1e-12 solve")
    func acaAgainstTightFiniteDifferences() throws {
        let problem = try GradientTestSupport.threeBody(rtol: 1e-9, atol: 1e-9)
        var tight = problem
        tight.tableau = .dormandPrince8
        tight.controller = StepSizeController(rtol: 1e-12, atol: 1e-12)
        // Masses and initial state (index 3 is G, not part of the workload).
        func massesAndState(_ g: [Double]) -> [Double] { Array(g[0..<3]) + Array(g[4...]) }
        let reference = massesAndState(try GradientTestSupport.finiteDifferences(tight, relativeStep: 1e-4) { try evaluateLoss($0).loss })
        for method in GradientMethod.allCases.map({ $0.withBackwardTolerances(rtol: 1e-9, atol: 1e-9) }) {
            let result = try computeGradient(problem, method: method)
            let error = GradientTestSupport.relativeError(massesAndState(GradientTestSupport.flat(result)), reference)
            print("three-body \(method.name) at 1e-9 vs FD of a 1e-12 solve: relative error \(String(format: "%.2e", error)), fwd \(result.forwardEvaluations) bwd \(result.backwardEvaluations) f + \(result.backwardVJPs) VJP, \(result.peakBackwardBytes) bytes")
            // The frozen-step derivatives (ACA, naive-frozen) are the workload's yardstick; the others are reported.
            if GradientTestSupport.target(of: method) == .frozenSteps { #expect(error < 1e-6, "\(method.name)") }
        }
    }
}
