import Checking
import Foundation
import Gradients
import ODE
import Testing

/// ``TinyTanhField`` plus a time-dependent rotation `0.3 sin(t)·[y₁, −y₀]`: a field that is not
/// autonomous, so the per-lane-time batch methods take their lane-by-lane path.
struct TimedTanhField: BatchVectorField, Sendable {
    var dimension: Int { 2 }
    var parameterCount: Int { TinyTanhField().parameterCount }
    var isAutonomous: Bool { false }

    func evaluate(t: Double, y: UnsafeBufferPointer<Double>, parameters p: UnsafeBufferPointer<Double>,
                  into dy: UnsafeMutableBufferPointer<Double>) {
        TinyTanhField().evaluate(t: t, y: y, parameters: p, into: dy)
        let w = 0.3 * sin(t)
        dy[0] += w * y[1]
        dy[1] -= w * y[0]
    }

    func vectorJacobianProduct(t: Double, y: UnsafeBufferPointer<Double>, parameters p: UnsafeBufferPointer<Double>,
                               cotangent v: UnsafeBufferPointer<Double>, stateCotangent: UnsafeMutableBufferPointer<Double>,
                               parameterCotangent: UnsafeMutableBufferPointer<Double>) {
        TinyTanhField().vectorJacobianProduct(t: t, y: y, parameters: p, cotangent: v, stateCotangent: stateCotangent,
                                              parameterCotangent: parameterCotangent)
        let w = 0.3 * sin(t)
        stateCotangent[0] -= w * v[1]
        stateCotangent[1] += w * v[0]
    }
}

@Suite("Lockstep groups: trajectories with their own times and step sizes solved and differentiated together")
struct LockstepGradientTests {
    /// Lane `b` of `lanes`: its own start time, observation times (count, spacing and end differ: lane 2
    /// ends early, lane 4 runs eight times longer), masks (lane 1) and weights (lane 3).
    static func problems<F: BatchVectorField>(_ field: F, lanes: Int, mode: ObservationMode, rtol: Double = 1e-6)
        -> [GradientProblem<F>]
    {
        (0..<lanes).map { b in
            let angle = 2 * Double.pi * Double(b) / Double(max(lanes, 1))
            let t0 = 0.05 * Double(b)
            let count = [10, 7, 3, 12, 25][b % 5]
            let span = [3.5, 2.2, 0.3, 4.0, 28.0][b % 5]
            let times = (1...count).map { k in t0 + span * pow(Double(k) / Double(count), 1.0 + 0.2 * Double(b % 3)) }
            let values = times.flatMap { t in
                let r = 1.5 * exp(-0.1 * (t - t0)), a = angle - 2 * (t - t0)
                return [r * cos(a), r * sin(a)]
            }
            let mask: [Bool]? = b % 5 == 1 ? (0..<(2 * count)).map { $0 % 3 != 0 } : nil
            let weights: [Double]? = b % 5 == 3 ? (0..<count).map { 0.5 + Double($0 % 4) } : nil
            return GradientProblem(field: field, t0: t0, initialState: [1.5 * cos(angle), 1.5 * sin(angle)],
                                   parameters: StackedFieldTests.parameters,
                                   observations: Observations(times: times, values: values, mask: mask, weights: weights),
                                   controller: StepSizeController(rtol: rtol, atol: rtol), observationMode: mode)
        }
    }

    /// Lockstep against per-trajectory ACA: the same solves (predictions, step counts), the batch loss and
    /// its gradients to rounding; returns the largest relative gradient difference.
    static func compare<F: BatchVectorField & Sendable>(_ problems: [GradientProblem<F>]) throws -> Double {
        let lockstep = try computeLockstepGradients(problems)
        let separate = try computeGradients(problems, method: .aca, threads: 1)
        #expect(lockstep.trajectories.count == problems.count)
        for (a, b) in zip(lockstep.trajectories, separate.trajectories) {
            #expect(a.predictions == b.predictions)
            #expect(a.loss == b.loss && a.observedCount == b.observedCount)
            #expect(a.acceptedSteps == b.acceptedSteps && a.rejectedSteps == b.rejectedSteps)
            #expect(a.forwardEvaluations == b.forwardEvaluations && a.backwardVJPs == b.backwardVJPs)
        }
        #expect(lockstep.observedCount == separate.observedCount)
        #expect(abs(lockstep.loss - separate.loss) <= 4 * Double.ulpOfOne * separate.loss)
        let error = max(relativeError(lockstep.parameterGradient, separate.parameterGradient),
                        relativeError(lockstep.initialStateGradients.flatMap { $0 }, separate.initialStateGradients.flatMap { $0 }))
        #expect(error < 1e-13)
        return error
    }

    @Test("lockstep solves equal solve bit for bit, each lane with its own span, stop times or saveAt", arguments: ObservationMode.allCases)
    func solvesEqualSolve(mode: ObservationMode) throws {
        for problems in [Self.problems(TinyTanhField(), lanes: 6, mode: mode)] {
            let jobs = problems.map { LockstepJob(t0: $0.t0, t1: $0.t1, initialState: $0.initialState, options: $0.solveOptions) }
            let lockstep = solveLockstep(TinyTanhField(), jobs: jobs, parameters: StackedFieldTests.parameters,
                                         method: .dormandPrince5, controller: problems[0].controller)
            for (problem, outcome) in zip(problems, lockstep) {
                let single = try solve(problem.field, from: problem.t0, to: problem.t1, initialState: problem.initialState,
                                       parameters: problem.parameters, method: problem.tableau,
                                       stepSize: .adaptive(problem.controller), options: problem.solveOptions)
                let batched = try outcome.get()
                #expect(batched.times == single.times && batched.stepSizes == single.stepSizes)
                #expect(batched.states == single.states && batched.savedStates == single.savedStates)
                #expect(batched.stats == single.stats)
            }
        }
    }

    @Test("lockstep ACA equals per-trajectory ACA per lane (L = 1, 2, 5, 7; autonomous and time-dependent fields)",
          arguments: ObservationMode.allCases)
    func equalsPerTrajectoryACA(mode: ObservationMode) throws {
        for lanes in [1, 2, 5, 7] {
            let error = try Self.compare(Self.problems(TinyTanhField(), lanes: lanes, mode: mode))
            let timed = try Self.compare(Self.problems(TimedTanhField(), lanes: lanes, mode: mode))
            print("lockstep vs per-trajectory ACA (\(mode.rawValue), L = \(lanes)): \(error), time-dependent \(timed)")
        }
    }

    @Test("one lane: lockstep ACA equals ACA bit for bit", arguments: ObservationMode.allCases)
    func oneLaneIsBitForBit(mode: ObservationMode) throws {
        let problem = Self.problems(TimedTanhField(), lanes: 4, mode: mode)[3]
        let lockstep = try computeLockstepGradients([problem])
        let single = try computeGradient(problem, method: .aca)
        #expect(lockstep.loss == single.loss)
        #expect(lockstep.parameterGradient == single.parameterGradient)
        #expect(lockstep.initialStateGradients == [single.initialStateGradient])
        #expect(lockstep.trajectories[0].backwardEvaluations == single.backwardEvaluations)
    }

    @Test("lockstep ACA equals finite differences of the batch loss with every lane's steps frozen", arguments: ObservationMode.allCases)
    func equalsFrozenFiniteDifferences(mode: ObservationMode) throws {
        let problems = Self.problems(TimedTanhField(), lanes: 4, mode: mode, rtol: 1e-5)
        let lockstep = try computeLockstepGradients(problems)
        let steps = try problems.map { p in
            try solve(p.field, from: p.t0, to: p.t1, initialState: p.initialState, parameters: p.parameters,
                      method: p.tableau, stepSize: .adaptive(p.controller), options: p.solveOptions)
        }
        let m = problems[0].parameters.count, total = Double(lockstep.observedCount)
        let fd = FiniteDifference.gradient(of: { (theta: [Double]) -> Double in
            var sum = 0.0
            for (b, problem) in problems.enumerated() {
                var copy = problem
                copy.parameters = Array(theta[0..<m])
                copy.initialState = Array(theta[(m + 2 * b)..<(m + 2 * b + 2)])
                sum += Double(lockstep.trajectories[b].observedCount) / total * GradientTestSupport.frozenLoss(copy, steps: steps[b])
            }
            return sum
        }, at: problems[0].parameters + problems.flatMap(\.initialState), step: .relative(1e-4))
        let error = relativeError(lockstep.parameterGradient + lockstep.initialStateGradients.flatMap { $0 }, fd)
        print("lockstep ACA vs FD of the frozen solves (\(mode.rawValue)): \(error)")
        #expect(error < 1e-8)
    }

    @Test("the lockstep loss is the batch loss of the separate solves")
    func lossEqualsSeparate() throws {
        let problems = Self.problems(TinyTanhField(), lanes: 5, mode: .stepOnObservations)
        let lockstep = try evaluateLockstepLoss(problems)
        let separate = try computeGradients(problems, method: .aca, threads: 1)
        #expect(lockstep.observedCount == separate.observedCount)
        #expect(abs(lockstep.loss - separate.loss) <= 4 * Double.ulpOfOne * separate.loss)
    }

    @Test("a group whose lanes differ in parameters is rejected, naming the lane")
    func mismatchedParametersAreRejected() {
        var problems = Self.problems(TinyTanhField(), lanes: 3, mode: .stepOnObservations)
        problems[2].parameters[0] += 1
        #expect(throws: ODEError.self) { try computeLockstepGradients(problems) }
        do { _ = try computeLockstepGradients(problems) } catch { #expect("\(error)".contains("problems[2]")) }
    }
}
