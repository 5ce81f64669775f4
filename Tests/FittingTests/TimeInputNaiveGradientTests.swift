import Gradients
import Models
import ODE
import Physics
import TestSupport
import Testing

@Suite("Naive gradient of models that depend on time")
struct TimeInputNaiveGradientTests {
    /// Finite differences (`Checking.FiniteDifference`) of the adaptive solve's loss in the parameters.
    func finiteDifferences<F: DifferentiableVectorField>(_ problem: GradientProblem<F>, step: Double) throws -> [Double] {
        try FiniteDifference.gradient(of: { (p: [Double]) throws(ODEError) -> Double in
            var copy = problem
            copy.parameters = p
            return try evaluateLoss(copy).loss
        }, at: problem.parameters, step: .absolute(step))
    }

    @Test("an MLP with time input (alone and in a hybrid): naive equals central differences of the full adaptive solve")
    func mlpWithTimeInput() throws {
        let mlp = MLPVectorField(stateDimension: 2, hiddenWidths: [6], activation: .tanh, timeInput: true)
        let observations = Observations(times: [0.8, 1.7, 3], values: [0.5, -0.2, 0.1, 0.4, -0.3, 0.2])
        let controller = StepSizeController(rtol: 1e-4, atol: 1e-4)
        let parameters = mlp.initialParameters(seed: 5).map { $0 * 1.5 }
        let alone = GradientProblem(field: mlp, initialState: [0.6, -0.4], parameters: parameters, observations: observations,
                                    controller: controller)
        let hybrid = HybridVectorField(known: VanDerPol(), correction: mlp)
        let both = GradientProblem(field: hybrid, initialState: [0.6, -0.4], parameters: [0.7] + parameters,
                                   observations: observations, controller: controller)
        func check<F: DifferentiableVectorField>(_ problem: GradientProblem<F>, _ name: String) throws {
            let naive = try computeGradient(problem, method: .naive).parameterGradient
            let fd = try finiteDifferences(problem, step: 1e-7)
            let error = relativeError(naive, fd)
            print("naive vs FD, \(name): relative error \(error)")
            #expect(error < 1e-5, "\(name)")
        }
        try check(alone, "MLP with time input")
        try check(both, "van der Pol + MLP with time input")
    }
}
