import Checking
import Gradients
import ODE
import Physics
import Testing

/// A pluggable ``ObservationLoss``: every gradient method differentiates the loss it is given.
@Suite("Custom losses")
struct CustomLossTests {
    /// A Huber threshold that puts part of the three-body residuals on each branch: the middle of the
    /// widest gap between sorted |residuals| in their middle half, so that finite-difference steps
    /// never carry a residual across the kink of ρ″.
    static func huberProblem() throws -> GradientProblem<NBodyGravity> {
        var problem = try GradientTestSupport.threeBody(rtol: 1e-7, atol: 1e-7, count: 10)
        let predictions = try evaluateLoss(problem).predictions
        let o = problem.observations
        let sizes = o.values.indices.filter { o.mask?[$0] ?? true }.map { abs(predictions[$0] - o.values[$0]) }.sorted()
        var gap = sizes.count / 4
        for i in (sizes.count / 4)..<(3 * sizes.count / 4) where sizes[i + 1] - sizes[i] > sizes[gap + 1] - sizes[gap] { gap = i }
        problem.loss = .huber(delta: (sizes[gap] + sizes[gap + 1]) / 2)
        return problem
    }

    /// The frozen step sequence of `problem`'s own forward solve.
    static func steps<F: DifferentiableVectorField>(_ problem: GradientProblem<F>) throws -> Solution {
        try solve(problem.field, from: problem.t0, to: problem.t1, initialState: problem.initialState, parameters: problem.parameters,
                  method: problem.tableau, stepSize: .adaptive(problem.controller), options: problem.solveOptions)
    }

    @Test("the default loss is the masked mean squared error, bit for bit")
    func defaultIsMeanSquaredError() throws {
        let problem = try GradientTestSupport.threeBody(rtol: 1e-7, atol: 1e-7, count: 10)
        #expect(problem.loss.isSumOfSquares && problem.loss.name == "mse")
        for method in [GradientMethod.aca, .naive, .adjoint(rtol: 1e-9, atol: 1e-9)] {
            let result = try computeGradient(problem, method: method)
            let direct = ObservationLoss.evaluate(predictions: result.predictions, observations: problem.observations, dimension: 18)
            #expect(result.loss == direct.loss && result.observedCount == direct.observedCount, "\(method)")
        }
    }

    @Test("Huber: both branches are hit, and ACA equals finite differences of the frozen discrete solve")
    func huberACAMatchesFiniteDifferences() throws {
        let problem = try Self.huberProblem()
        let aca = try computeGradient(problem, method: .aca)
        var squared = problem
        squared.loss = .meanSquaredError
        // Residuals beyond δ are charged linearly: below the squared error.
        #expect(aca.loss < (try evaluateLoss(squared)).loss)
        let steps = try Self.steps(problem)
        let fd = GradientTestSupport.finiteDifferences(problem) { GradientTestSupport.frozenLoss($0, steps: steps) }
        #expect(relativeError(GradientTestSupport.flat(aca), fd) < 1e-8)
        // The Huber gradient is not the squared error's.
        let acaSquared = try computeGradient(squared, method: .aca)
        #expect(relativeError(GradientTestSupport.flat(acaSquared), fd) > 1e-3)
    }

    @Test("a closure loss (per-component weights) drives naive, adjoint and ACA alike")
    func closureLossAllMethods() throws {
        var problem = try GradientTestSupport.threeBody(rtol: 1e-8, atol: 1e-8, count: 8)
        // Component d weighs 1 + d/9; mean over observed entries; written by hand as a user would.
        problem.loss = .custom(name: "component-weighted") { predictions, observations, n, cotangents in
            var sum = 0.0, count = 0
            for k in 0..<observations.count {
                for d in 0..<n where observations.isObserved(k, d, dimension: n) { count += 1 }
            }
            for k in 0..<observations.count {
                for d in 0..<n where observations.isObserved(k, d, dimension: n) {
                    let w = 1 + Double(d) / 9, r = predictions[k * n + d] - observations.values[k * n + d]
                    sum += w * r * r
                    cotangents[k * n + d] = 2 * w * r / Double(count)
                }
            }
            return (sum / Double(count), count)
        }
        #expect(!problem.loss.isSumOfSquares)
        let steps = try Self.steps(problem)
        let frozen = GradientTestSupport.finiteDifferences(problem) { GradientTestSupport.frozenLoss($0, steps: steps) }
        let aca = try computeGradient(problem, method: .aca)
        let naiveFrozen = try computeGradient(problem, method: .naiveFrozenSteps)
        #expect(relativeError(GradientTestSupport.flat(aca), frozen) < 1e-8)
        #expect(relativeError(GradientTestSupport.flat(naiveFrozen), frozen) < 1e-8)
        // The naive gradient differentiates the adaptive solve itself; the adjoint approximates it.
        let adaptive = try GradientTestSupport.finiteDifferences(problem) { try evaluateLoss($0).loss }
        let naive = try computeGradient(problem, method: .naive)
        #expect(relativeError(GradientTestSupport.flat(naive), adaptive) < 1e-5)
        let adjoint = try computeGradient(problem, method: .adjoint(rtol: 1e-11, atol: 1e-11))
        #expect(relativeError(GradientTestSupport.flat(adjoint), GradientTestSupport.flat(aca)) < 1e-4)
        #expect(aca.loss == naive.loss && aca.loss == adjoint.loss)
    }

    @Test("an elementwise ρ(r) = r² is the squared error again (loss and ACA gradient)")
    func elementwiseSquareIsMeanSquaredError() throws {
        var problem = try GradientTestSupport.threeBody(rtol: 1e-7, atol: 1e-7, count: 6)
        let reference = try computeGradient(problem, method: .aca)
        problem.loss = .elementwise(name: "square") { r in (r * r, 2 * r) }
        let squared = try computeGradient(problem, method: .aca)
        #expect(abs(squared.loss - reference.loss) <= 1e-14 * reference.loss)
        #expect(relativeError(GradientTestSupport.flat(squared), GradientTestSupport.flat(reference)) < 1e-13)
    }
}
