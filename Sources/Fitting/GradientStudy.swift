import Checking
import Datasets
import Dispatch
import Gradients
import ODE
import Parallel

/// A model's loss on a dataset and its gradient by several methods, optionally checked against
/// finite differences: what `orrery gradient` computes, as a library call.
///
/// One ``GradientProblem`` per selected trajectory; each method's gradient is of the batch loss
/// (the mean over all observed entries of all trajectories, see ``computeGradients(_:method:threads:)``).
/// The methods are the paper's: naive backprop, the continuous adjoint (Chen et al. 2018), ACA
/// (Zhuang et al. 2020) and MALI (Zhuang et al. 2021). Build the problems with
/// ``GradientStudy/threeBody(dataset:file:trajectory:masses:G:observePositions:tableau:controller:observationMode:)``
/// or ``GradientStudy/named(field:parameters:dataset:file:trajectory:tableau:controller:observationMode:)``.
public struct GradientStudy<Field: DifferentiableVectorField & Sendable>: Sendable {
    /// One problem per trajectory, in ``trajectoryIDs`` order.
    public var problems: [GradientProblem<Field>]
    /// The data's ids of the selected trajectories.
    public var trajectoryIDs: [Int]

    public init(problems: [GradientProblem<Field>], trajectoryIDs: [Int]) {
        precondition(!problems.isEmpty && problems.count == trajectoryIDs.count, "GradientStudy: one trajectory id per problem, at least one")
        self.problems = problems
        self.trajectoryIDs = trajectoryIDs
    }

    /// One method's gradient, and how long it took.
    public struct Outcome: Sendable {
        /// The method's name as the caller gave it (`naive`, `adjoint`, `aca`, `mali`).
        public var name: String
        public var method: GradientMethod
        public var result: BatchGradientResult
        /// Median seconds per gradient over `repeats` timed runs after the first (nil: not timed).
        public var secondsPerGradient: Double?
    }

    /// Each named method's batch gradient on `threads` workers (the result does not depend on
    /// the count). With `repeats` > 0, the gradient is computed `repeats` more times after the
    /// first and the median time recorded.
    public func gradients(methods: [(name: String, method: GradientMethod)], threads: Int, repeats: Int = 0) throws -> [Outcome] {
        try methods.map { name, method in
            var result = try computeGradients(problems, method: method, threads: threads)
            var seconds: Double?
            if repeats > 0 {
                var times: [Double] = []
                for _ in 0..<repeats {
                    let start = DispatchTime.now().uptimeNanoseconds
                    result = try computeGradients(problems, method: method, threads: threads)
                    times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
                }
                seconds = times.sorted()[times.count / 2]
            }
            return Outcome(name: name, method: method, result: result, secondsPerGradient: seconds)
        }
    }

    /// The reference gradient: five-point central differences of a tight solve (DOP853,
    /// rtol = atol = 1e-12) at steps (1e-3…1e-6)·max(1, |x|), per component the estimate where
    /// consecutive steps agree best (``FiniteDifference/gradient(of:relativeSteps:)``).
    public func finiteDifferenceReference(threads: Int) throws -> BatchGradientResult {
        let tight = problems.map { problem -> GradientProblem<Field> in
            var copy = problem
            copy.tableau = .dormandPrince8
            copy.controller = StepSizeController(rtol: 1e-12, atol: 1e-12)
            return copy
        }
        let m = tight[0].parameters.count
        let outcomes: [Result<GradientResult, ODEError>] = parallelMap(tight.count, threads: threads) { b in
            do throws(ODEError) {
                let problem = tight[b]
                let base = try evaluateLoss(problem)
                let gradient = try FiniteDifference.gradient(of: problem, relativeSteps: FiniteDifference.selectionSteps)
                return .success(GradientResult(
                    method: "finite-differences", loss: base.loss, observedCount: base.observedCount,
                    parameterGradient: Array(gradient[0..<m]), initialStateGradient: Array(gradient[m...]),
                    predictions: base.predictions, forwardEvaluations: 0, backwardEvaluations: 0, backwardVJPs: 0,
                    acceptedSteps: base.stats.acceptedSteps, rejectedSteps: base.stats.rejectedSteps, peakBackwardBytes: 0))
            } catch {
                return .failure(error)
            }
        }
        var results: [GradientResult] = []
        for outcome in outcomes { results.append(try outcome.get()) }
        return BatchGradientResult(method: "finite-differences", trajectories: results)
    }

    /// Throws ``FitError`` when an outcome's loss or gradient is not finite.
    public static func requireFinite(_ outcome: Outcome) throws(FitError) {
        let r = outcome.result
        let values = [r.loss] + r.parameterGradient + r.initialStateGradients.flatMap { $0 }
        guard values.allSatisfy(\.isFinite) else {
            throw FitError("\(outcome.name): the loss or gradient is not finite (loss \(r.loss)): the initial states, parameters or data are out of range for a double-precision solve; check them, or tighten GradientStudy's rtol/atol")
        }
    }

    /// The dataset rows to use: `trajectory` alone, or every one.
    static func rows(_ dataset: TrajectoryDataset, file: String, trajectory: Int?) throws(FitError) -> [Int] {
        guard let trajectory else { return Array(0..<dataset.trajectoryCount) }
        guard (0..<dataset.trajectoryCount).contains(trajectory) else {
            throw FitError("GradientStudy's trajectory \(trajectory) is out of range: \(file) has \(dataset.trajectoryCount) trajectories")
        }
        return [trajectory]
    }

    /// Trajectory `row` of `dataset` as observations, masked where `observed(component)` is false.
    static func observations(_ dataset: TrajectoryDataset, row: Int, observed: (Int) -> Bool) -> Observations {
        let d = dataset.stateDimension, n = dataset.sampleCount
        let times = Array(dataset.times.values[(row * n)..<((row + 1) * n)])
        let values = Array(dataset.states.values[(row * n * d)..<((row + 1) * n * d)])
        let mask = (0..<(n * d)).map { i in observed(i % d) && dataset.isObserved(row, i / d, i % d) }
        return Observations(times: times, values: values, mask: mask)
    }

    /// Trajectory `row`'s initial state.
    static func initialState(_ dataset: TrajectoryDataset, row: Int) -> [Double] {
        let d = dataset.stateDimension
        return Array(dataset.initialStates.values[(row * d)..<((row + 1) * d)])
    }
}
