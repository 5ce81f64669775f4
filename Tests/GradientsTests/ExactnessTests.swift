import Checking
import Gradients
import ODE
import Physics
import Testing

@Suite("ACA is exact for the discrete solve")
struct ExactnessTests {
    @Test("ACA equals reverse mode through the accepted steps only (naive tape, step sizes frozen) to rounding",
          arguments: ObservationMode.allCases)
    func acaEqualsFrozenNaive(mode: ObservationMode) throws {
        let problem = try GradientTestSupport.threeBody(rtol: 1e-6, atol: 1e-6, mode: mode)
        let aca = try computeGradient(problem, method: .aca)
        let frozen = try computeGradient(problem, method: .naiveFrozenSteps)
        #expect(aca.predictions == frozen.predictions, "the naive tape re-traces solve bit for bit")
        #expect(aca.acceptedSteps == frozen.acceptedSteps && aca.rejectedSteps == frozen.rejectedSteps)
        let error = relativeError(GradientTestSupport.flat(aca), GradientTestSupport.flat(frozen))
        print("ACA vs naive through accepted steps (\(mode.rawValue)): relative difference \(error), \(aca.acceptedSteps) accepted, \(aca.rejectedSteps) rejected steps")
        #expect(error < 1e-12)
    }

    @Test("ACA equals finite differences of the discrete solver with its step sequence frozen, for every adaptive method",
          arguments: ButcherTableau.all.filter(\.isAdaptive).map(\.name))
    func acaEqualsFrozenFiniteDifferences(name: String) throws {
        let tableau = try #require(ButcherTableau.named(name))
        for mode in ObservationMode.allCases {
            let problem = try GradientTestSupport.threeBody(rtol: 1e-5, atol: 1e-5, count: 20, mode: mode, tableau: tableau)
            let aca = try computeGradient(problem, method: .aca)
            let steps = try solve(problem.field, from: problem.t0, to: problem.t1, initialState: problem.initialState,
                                  parameters: problem.parameters, method: tableau, stepSize: .adaptive(problem.controller),
                                  options: problem.solveOptions)
            let frozenFD = GradientTestSupport.finiteDifferences(problem, relativeStep: 1e-4) {
                GradientTestSupport.frozenLoss($0, steps: steps)
            }
            let error = relativeError(GradientTestSupport.flat(aca), frozenFD)
            print("ACA vs FD of the frozen step sequence, \(name) (\(mode.rawValue)): relative error \(error)")
            #expect(error < 1e-8, "\(name) \(mode.rawValue)")
        }
    }

    @Test("naive is the derivative of the adaptive solver itself: it matches finite differences of solve, step-size control included",
          arguments: ObservationMode.allCases)
    func naiveMatchesAdaptiveFiniteDifferences(mode: ObservationMode) throws {
        // Loose tolerance: the step-size terms are large, and small perturbations keep the accept/reject pattern.
        // Sparse observations, so that most steps are not shortened to land (a landing step's size does not
        // depend on the state, and with every step landing naive equals ACA exactly).
        let problem = try GradientTestSupport.threeBody(rtol: 1e-4, atol: 1e-4, count: 4, spacing: 0.5, mode: mode)
        let naive = try computeGradient(problem, method: .naive)
        let frozen = try computeGradient(problem, method: .naiveFrozenSteps)
        let adaptiveFD = try GradientTestSupport.finiteDifferences(problem, relativeStep: 1e-7) { try evaluateLoss($0).loss }
        let naiveError = relativeError(GradientTestSupport.flat(naive), adaptiveFD)
        let frozenError = relativeError(GradientTestSupport.flat(frozen), adaptiveFD)
        print("naive vs FD of the adaptive solve (\(mode.rawValue)): \(naiveError); accepted steps only: \(frozenError)")
        #expect(naiveError < 1e-5)
        #expect(frozenError > 10 * naiveError, "the step-size terms matter at this tolerance")
    }
}
