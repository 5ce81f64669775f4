import Checking
import Foundation
import Gradients
import ODE
import Testing

/// A 2-4-2 tanh network `f(y) = W₂ tanh(W₁ y + b₁)`, written out by hand: the batched tests' field.
/// It takes the protocol's default batch methods (loops over the single-state ones).
struct TinyTanhField: BatchVectorField, Sendable {
    var dimension: Int { 2 }
    var parameterCount: Int { 8 + 4 + 8 }
    var isAutonomous: Bool { true }

    func evaluate(t: Double, y: UnsafeBufferPointer<Double>, parameters p: UnsafeBufferPointer<Double>,
                  into dy: UnsafeMutableBufferPointer<Double>) {
        dy[0] = 0; dy[1] = 0
        for j in 0..<4 {
            let h = tanh(p[2 * j] * y[0] + p[2 * j + 1] * y[1] + p[8 + j])
            dy[0] += p[12 + j] * h
            dy[1] += p[16 + j] * h
        }
    }

    func vectorJacobianProduct(t: Double, y: UnsafeBufferPointer<Double>, parameters p: UnsafeBufferPointer<Double>,
                               cotangent v: UnsafeBufferPointer<Double>, stateCotangent: UnsafeMutableBufferPointer<Double>,
                               parameterCotangent: UnsafeMutableBufferPointer<Double>) {
        for j in 0..<4 {
            let h = tanh(p[2 * j] * y[0] + p[2 * j + 1] * y[1] + p[8 + j])
            parameterCotangent[12 + j] += v[0] * h
            parameterCotangent[16 + j] += v[1] * h
            let g = (v[0] * p[12 + j] + v[1] * p[16 + j]) * (1 - h * h)
            parameterCotangent[2 * j] += g * y[0]
            parameterCotangent[2 * j + 1] += g * y[1]
            parameterCotangent[8 + j] += g
            stateCotangent[0] += g * p[2 * j]
            stateCotangent[1] += g * p[2 * j + 1]
        }
    }
}

@Suite("StackedVectorField: trajectories on one time grid solved as one batched system")
struct StackedFieldTests {
    static let parameters: [Double] = [0.3, 1.1, -0.9, 0.2, 0.5, -0.4, -0.2, 0.7, 0.1, -0.05, 0.02, 0.0,
                                       0.4, -1.2, 0.3, 0.8, 1.0, 0.6, -0.5, 0.2]

    /// Lane `b` of `lanes`: starts on a circle, observed at shared irregular times; values from a damped
    /// linear spiral, lane 1 with some entries masked out.
    static func problems(lanes: Int, mode: ObservationMode, rtol: Double = 1e-6) -> [GradientProblem<TinyTanhField>] {
        let times = [0.13, 0.4, 0.47, 0.9, 1.3, 1.35, 2.0, 2.6, 3.1, 3.5]
        return (0..<lanes).map { b in
            let angle = 2 * Double.pi * Double(b) / Double(lanes)
            let y0 = [1.5 * cos(angle), 1.5 * sin(angle)]
            let values = times.flatMap { t in
                let r = 1.5 * exp(-0.1 * t), a = angle - 2 * t
                return [r * cos(a), r * sin(a)]
            }
            let mask: [Bool]? = b == 1 ? (0..<(2 * times.count)).map { $0 % 3 != 0 } : nil
            return GradientProblem(field: TinyTanhField(), initialState: y0, parameters: parameters,
                                   observations: Observations(times: times, values: values, mask: mask),
                                   controller: StepSizeController(rtol: rtol, atol: rtol), observationMode: mode)
        }
    }

    @Test("one lane: the batched solve and its ACA gradient equal the unbatched ones bit for bit", arguments: ObservationMode.allCases)
    func oneLaneIsBitForBit(mode: ObservationMode) throws {
        let problem = Self.problems(lanes: 3, mode: mode)[1]
        let stacked = try #require(GradientProblem.stacked([problem]))
        let single = try computeGradient(problem, method: .aca)
        let batched = try computeGradient(stacked, method: .aca)
        #expect(batched.predictions == single.predictions)
        #expect(batched.loss == single.loss && batched.observedCount == single.observedCount)
        #expect(batched.parameterGradient == single.parameterGradient)
        #expect(batched.initialStateGradient == single.initialStateGradient)
        #expect(batched.acceptedSteps == single.acceptedSteps && batched.rejectedSteps == single.rejectedSteps)
    }

    @Test("batched ACA equals reverse mode through the batched solve's accepted steps (frozen naive)", arguments: ObservationMode.allCases)
    func batchedACAEqualsFrozenNaive(mode: ObservationMode) throws {
        let stacked = try #require(GradientProblem.stacked(Self.problems(lanes: 5, mode: mode)))
        let aca = try computeGradient(stacked, method: .aca)
        let frozen = try computeGradient(stacked, method: .naiveFrozenSteps)
        #expect(aca.predictions == frozen.predictions)
        let error = relativeError(GradientTestSupport.flat(aca), GradientTestSupport.flat(frozen))
        print("batched ACA vs frozen naive (\(mode.rawValue), 5 lanes, \(aca.acceptedSteps) steps): \(error)")
        #expect(error < 1e-12)
    }

    @Test("batched ACA equals finite differences of the batched discrete solve with its steps frozen", arguments: ObservationMode.allCases)
    func batchedACAEqualsFrozenFiniteDifferences(mode: ObservationMode) throws {
        let stacked = try #require(GradientProblem.stacked(Self.problems(lanes: 4, mode: mode, rtol: 1e-5)))
        let aca = try computeGradient(stacked, method: .aca)
        let steps = try solve(stacked.field, from: stacked.t0, to: stacked.t1, initialState: stacked.initialState,
                              parameters: stacked.parameters, method: stacked.tableau, stepSize: .adaptive(stacked.controller),
                              options: stacked.solveOptions)
        let fd = GradientTestSupport.finiteDifferences(stacked, relativeStep: 1e-4) { GradientTestSupport.frozenLoss($0, steps: steps) }
        let error = relativeError(GradientTestSupport.flat(aca), fd)
        print("batched ACA vs FD of the frozen batched solve (\(mode.rawValue)): \(error)")
        #expect(error < 1e-8)
    }

    @Test("B lanes with a fixed step equal B separate fixed-step solves to rounding")
    func fixedStepLanesEqualSeparateSolves() throws {
        let problems = Self.problems(lanes: 6, mode: .denseOutput)
        let field = StackedVectorField(base: TinyTanhField(), count: problems.count)
        let times = problems[0].observations.times
        let batched = try solve(field, from: 0, to: times.last!, initialState: problems.flatMap(\.initialState),
                                parameters: Self.parameters, method: .dormandPrince5, stepSize: .fixed(dt: 0.05),
                                options: SolveOptions(saveAt: times))
        var largest = 0.0
        for (b, problem) in problems.enumerated() {
            let single = try solve(TinyTanhField(), from: 0, to: times.last!, initialState: problem.initialState,
                                   parameters: Self.parameters, method: .dormandPrince5, stepSize: .fixed(dt: 0.05),
                                   options: SolveOptions(saveAt: times))
            #expect(single.stepCount == batched.stepCount)
            for q in 0..<times.count {
                for d in 0..<2 {
                    let x = single.savedStates[q * 2 + d], y = batched.savedStates[(q * problems.count + b) * 2 + d]
                    largest = max(largest, abs(x - y) / max(1, abs(x)))
                }
            }
        }
        #expect(largest <= 4 * Double.ulpOfOne)
    }

    @Test("the batched loss is the batch loss of the separate problems (to the solve's tolerance), lane gradients in lane order")
    func batchedLossIsTheBatchLoss() throws {
        let problems = Self.problems(lanes: 4, mode: .stepOnObservations, rtol: 1e-11)
        let stacked = try #require(GradientProblem.stacked(problems))
        let batched = try computeGradient(stacked, method: .aca)
        let separate = try computeGradients(problems, method: .aca, threads: 1)
        #expect(batched.observedCount == separate.observedCount)
        #expect(abs(batched.loss - separate.loss) <= 1e-8 * separate.loss)
        #expect(relativeError(batched.parameterGradient, separate.parameterGradient) < 1e-7)
        #expect(relativeError(batched.initialStateGradient, separate.initialStateGradients.flatMap { $0 }) < 1e-7)
    }

    @Test("problems that do not share times, or use a custom loss, do not stack")
    func mismatchedProblemsDoNotStack() {
        var problems = Self.problems(lanes: 2, mode: .denseOutput)
        var shifted = problems
        shifted[1].observations.times[0] = 0.12
        #expect(GradientProblem.stacked(shifted) == nil)
        problems[0].loss = .huber(delta: 1)
        #expect(GradientProblem.stacked(problems) == nil)
    }
}
