import Gradients
import ODE
import Physics
import Testing

@Suite("Loss, mask, weights and batches")
struct LossAndBatchTests {
    @Test("the loss is the weighted mean over observed entries; masked entries (NaN) are never read")
    func maskedWeightedMean() {
        let observations = Observations(times: [1, 2], values: [1, .nan, 3, 4], mask: [true, false, true, true], weights: [2, 0.5])
        let predictions: [Double] = [2, 100, 1, 1]
        let (loss, count) = ObservationLoss.evaluate(predictions: predictions, observations: observations, dimension: 2)
        #expect(count == 3)
        let expected: Double = (2.0 * 1.0 + 0.5 * 4.0 + 0.5 * 9.0) / 3.0
        #expect(abs(loss - expected) <= 1e-15 * expected)
    }

    @Test("gradients with a mask and weights match finite differences of the frozen solve")
    func maskAndWeightsGradient() throws {
        var problem = try GradientTestSupport.threeBody(rtol: 1e-7, atol: 1e-7, count: 10)
        let n = 18
        problem.observations.mask = (0..<(10 * n)).map { ($0 * 7) % 5 != 0 }
        for i in problem.observations.values.indices where !problem.observations.mask![i] { problem.observations.values[i] = .nan }
        problem.observations.weights = (0..<10).map { 0.5 + 0.1 * Double($0) }
        let aca = try computeGradient(problem, method: .aca)
        #expect(aca.observedCount == problem.observations.mask!.filter { $0 }.count)
        let steps = try solve(problem.field, from: 0, to: problem.t1, initialState: problem.initialState,
                              parameters: problem.parameters, method: problem.tableau, stepSize: .adaptive(problem.controller),
                              options: problem.solveOptions)
        let fd = GradientTestSupport.finiteDifferences(problem) { GradientTestSupport.frozenLoss($0, steps: steps) }
        #expect(GradientTestSupport.relativeError(GradientTestSupport.flat(aca), fd) < 1e-8)
    }

    @Test("an observation at t0 sends its cotangent straight to the initial state")
    func observationAtStart() throws {
        var problem = try GradientTestSupport.threeBody(rtol: 1e-8, atol: 1e-8, count: 5)
        problem.observations.times.insert(0, at: 0)
        problem.observations.values.insert(contentsOf: [Double](repeating: 0.1, count: 18), at: 0)
        problem.observations.mask!.insert(contentsOf: [Bool](repeating: true, count: 18), at: 0)
        let results = try GradientMethod.allCases.map {
            try computeGradient(problem, method: $0.withBackwardTolerances(rtol: 1e-10, atol: 1e-10))
        }
        let steps = try solve(problem.field, from: 0, to: problem.t1, initialState: problem.initialState,
                              parameters: problem.parameters, method: problem.tableau, stepSize: .adaptive(problem.controller),
                              options: problem.solveOptions)
        let fd = GradientTestSupport.finiteDifferences(problem) { GradientTestSupport.frozenLoss($0, steps: steps) }
        for result in results {
            #expect(GradientTestSupport.relativeError(GradientTestSupport.flat(result), fd) < 1e-6, "\(result.method)")
        }
    }

    @Test("a batch is the mean over all observed entries of all trajectories, independent of the thread count")
    func batchMean() throws {
        // Three trajectories of different lengths (index 3 of this seed has a close encounter that makes
        // finite differences of its loss ill-conditioned, so it is left out).
        var problems = try (0..<3).map { try GradientTestSupport.threeBody(index: $0, rtol: 1e-7, atol: 1e-7, count: 10 + 5 * $0) }
        // Shared parameters: give every trajectory the first one's.
        for b in problems.indices { problems[b].parameters = problems[0].parameters }
        let one = try computeGradients(problems, method: .aca, threads: 1)
        let two = try computeGradients(problems, method: .aca, threads: 2)
        #expect(one == two)
        let singles = try problems.map { try computeGradient($0, method: .aca) }
        let total = Double(singles.reduce(0) { $0 + $1.observedCount })
        let loss = singles.reduce(0) { $0 + $1.loss * Double($1.observedCount) } / total
        #expect(abs(one.loss - loss) <= 1e-14 * loss)
        // The batch gradient is the gradient of the batch loss: finite differences of the batch loss with
        // every trajectory's step sequence frozen (ACA is exact for that), one shared parameter.
        let frozen = try problems.map {
            try solve($0.field, from: 0, to: $0.t1, initialState: $0.initialState, parameters: $0.parameters,
                      method: $0.tableau, stepSize: .adaptive($0.controller), options: $0.solveOptions)
        }
        func batchLoss(_ delta: Double) -> Double {
            var sum = 0.0
            for b in problems.indices {
                var shifted = problems[b]
                shifted.parameters[1] += delta
                sum += Double(singles[b].observedCount) * GradientTestSupport.frozenLoss(shifted, steps: frozen[b])
            }
            return sum / total
        }
        let h = 1e-4
        let fd = (8 * batchLoss(h) - 8 * batchLoss(-h) - batchLoss(2 * h) + batchLoss(-2 * h)) / (12 * h)
        #expect(abs(fd - one.parameterGradient[1]) <= 1e-7 * abs(fd))
        #expect(one.initialStateGradients.count == 3)
        for b in 0..<3 {
            let share = Double(singles[b].observedCount) / total
            #expect(zip(one.initialStateGradients[b], singles[b].initialStateGradient).allSatisfy { abs($0 - share * $1) <= 1e-15 * max(1, abs($0)) })
        }
    }

    @Test("naive's tape grows with trials × stages × dimension; ACA holds only the checkpoints")
    func memory() throws {
        var results: [(Double, GradientResult, GradientResult)] = []
        for tolerance in [1e-6, 1e-9] {
            let problem = try GradientTestSupport.threeBody(rtol: tolerance, atol: tolerance)
            results.append((tolerance, try computeGradient(problem, method: .naive), try computeGradient(problem, method: .aca)))
        }
        for (tolerance, naive, aca) in results {
            let trials = naive.acceptedSteps + naive.rejectedSteps
            // At least the stage inputs and stages of every trial (7 stages × 18 doubles each).
            #expect(naive.peakBackwardBytes >= trials * 2 * 7 * 18 * 8)
            #expect(aca.peakBackwardBytes < naive.peakBackwardBytes / 5)
            print("memory at \(tolerance): naive \(naive.peakBackwardBytes) B for \(trials) trials, ACA \(aca.peakBackwardBytes) B for \(aca.acceptedSteps) checkpoints")
        }
        #expect(results[1].1.peakBackwardBytes > 2 * results[0].1.peakBackwardBytes)
    }

    @Test("malformed problems are rejected with a typed error, before any work")
    func validation() throws {
        let good = try GradientTestSupport.threeBody(rtol: 1e-6, atol: 1e-6, count: 3)
        var unsorted = good
        unsorted.observations.times = [0.3, 0.2, 0.4]
        #expect(throws: ODEError.invalidInput(.timesNotSorted(name: "observations.times (strictly increasing)", index: 1))) {
            try computeGradient(unsorted, method: .aca)
        }
        var short = good
        short.observations.values.removeLast()
        #expect(throws: ODEError.self) { try computeGradient(short, method: .naive) }
        var fixed = good
        fixed.tableau = .rk4
        #expect(throws: ODEError.invalidInput(.methodHasNoErrorEstimate(method: "rk4"))) { try computeGradient(fixed, method: .aca) }
        var unmaskedNaN = good
        unmaskedNaN.observations.mask = nil
        unmaskedNaN.observations.values[20] = .nan
        #expect(throws: ODEError.self) { try computeGradient(unmaskedNaN, method: .adjoint(rtol: 1e-6, atol: 1e-6)) }
    }
}
