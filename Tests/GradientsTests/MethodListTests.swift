import Gradients
import ODE
import Physics
import Testing

/// Every gradient method, from the one list `GradientMethod.allCases`: a new method is covered here
/// as soon as it is declared (and `GradientTestSupport.target(of:)` says what it differentiates).
@Suite("Every gradient method, from GradientMethod.allCases")
struct MethodListTests {
    @Test("the list holds each kind once, and kind/init round-trip")
    func listIsComplete() {
        let methods = GradientMethod.allCases
        #expect(methods.map(\.kind) == GradientMethod.Kind.allCases)
        #expect(Set(methods.map(\.name)).count == methods.count, "names are distinct")
        for method in methods { #expect(GradientMethod(method.kind) == method) }
        let tight = GradientMethod.adjoint(rtol: 1e-3, atol: 1e-4)
        #expect(GradientMethod.aca.withBackwardTolerances(rtol: 1e-3, atol: 1e-4) == .aca)
        #expect(GradientMethod(.adjoint).withBackwardTolerances(rtol: 1e-3, atol: 1e-4) == tight)
    }

    @Test("the forward pass is solve's, bit for bit: same predictions, loss and step counts",
          arguments: GradientMethod.Kind.allCases, ObservationMode.allCases)
    func forwardPassIsSolve(kind: GradientMethod.Kind, mode: ObservationMode) throws {
        for tableau in ButcherTableau.all where tableau.isAdaptive {
            let problem = try GradientTestSupport.threeBody(rtol: 1e-6, atol: 1e-6, count: 8, spacing: 0.23, mode: mode,
                                                            tableau: tableau)
            let result = try computeGradient(problem, method: GradientMethod(kind))
            let forward = try evaluateLoss(problem)
            #expect(result.predictions == forward.predictions, "\(kind) \(tableau.name)")
            #expect(result.loss == forward.loss, "\(kind) \(tableau.name)")
            #expect(result.acceptedSteps == forward.stats.acceptedSteps && result.rejectedSteps == forward.stats.rejectedSteps,
                    "\(kind) \(tableau.name)")
            #expect(result.parameterGradient.allSatisfy(\.isFinite) && result.initialStateGradient.allSatisfy(\.isFinite))
        }
    }

    @Test("each method matches finite differences of what it differentiates", arguments: GradientMethod.Kind.allCases)
    func matchesItsFiniteDifferences(kind: GradientMethod.Kind) throws {
        let method = GradientMethod(kind)
        switch GradientTestSupport.target(of: method) {
        case .adaptiveSolve:
            // Loose tolerance and sparse observations: the step-size terms matter (see ExactnessTests).
            let problem = try GradientTestSupport.threeBody(rtol: 1e-4, atol: 1e-4, count: 4, spacing: 0.5)
            let result = try computeGradient(problem, method: method)
            let fd = try GradientTestSupport.finiteDifferences(problem, relativeStep: 1e-7) { try evaluateLoss($0).loss }
            let error = GradientTestSupport.relativeError(GradientTestSupport.flat(result), fd)
            print("\(method.name) vs FD of the adaptive solve: \(error)")
            #expect(error < 1e-5, "\(method.name)")
        case .frozenSteps:
            let problem = try GradientTestSupport.threeBody(rtol: 1e-5, atol: 1e-5, count: 20)
            let result = try computeGradient(problem, method: method)
            let steps = try solve(problem.field, from: problem.t0, to: problem.t1, initialState: problem.initialState,
                                  parameters: problem.parameters, method: problem.tableau,
                                  stepSize: .adaptive(problem.controller), options: problem.solveOptions)
            let fd = GradientTestSupport.finiteDifferences(problem) { GradientTestSupport.frozenLoss($0, steps: steps) }
            let error = GradientTestSupport.relativeError(GradientTestSupport.flat(result), fd)
            print("\(method.name) vs FD of the frozen step sequence: \(error)")
            #expect(error < 1e-8, "\(method.name)")
        case .continuousSolution:
            // Tight forward and backward solves approach the exact flow's gradient.
            let problem = try GradientTestSupport.threeBody(rtol: 1e-10, atol: 1e-10, count: 10)
            let result = try computeGradient(problem, method: method.withBackwardTolerances(rtol: 1e-10, atol: 1e-10))
            var tight = problem
            tight.tableau = .dormandPrince8
            tight.controller = StepSizeController(rtol: 1e-12, atol: 1e-12)
            let fd = try GradientTestSupport.finiteDifferences(tight) { try evaluateLoss($0).loss }
            let error = GradientTestSupport.relativeError(GradientTestSupport.flat(result), fd)
            print("\(method.name) vs FD of a 1e-12 solve: \(error)")
            #expect(error < 1e-6, "\(method.name)")
        }
    }
}
