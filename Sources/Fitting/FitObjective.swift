import Gradients
import ODE
import Parallel

/// The objective of a fit over the flat vector `θ = [model parameters, learned initial states]`:
/// the training loss with its gradient (first-order optimizers), the residual vector and its
/// Jacobian (least squares), and the validation loss — all from one description of the problem,
/// so every optimizer minimizes exactly the same function.
///
/// Residuals are scaled so that their sum of squares is the loss: for trajectory `b`,
/// observation `k` and observed component `d`, `r = √(wₖ/N)·(ŷ − y)` with `N` the observed
/// entries of the set — for the default mean squared error; a custom ``ObservationLoss`` has no
/// residual form (``ObservationLoss/isSumOfSquares``), so only the loss-and-gradient path uses it.
/// Trajectories are spread over `threads` workers; results never depend on it.
public struct FitObjective<Field: DifferentiableVectorField & Sendable>: Sendable {
    public let field: Field
    public let data: FitData
    public let tableau: ButcherTableau
    public let controller: StepSizeController
    public let method: GradientMethod
    public let observationMode: ObservationMode
    public let learnInitialState: Bool
    public let threads: Int
    /// The loss of each trajectory (the mean squared error unless the fit says otherwise).
    public let loss: ObservationLoss
    /// How the trajectories of an iteration are solved, resolved (never `.auto`; see ``FitBatching``).
    public let batching: FitBatching
    /// Where each training trajectory's initial state sits in `θ` (by trajectory index).
    let initialSlot: [Int: Int]
    /// Length of `θ`.
    public let count: Int
    /// Observed entries of the training set: the residual count.
    public let residualCount: Int

    public init(field: Field, data: FitData, tableau: ButcherTableau, controller: StepSizeController, method: GradientMethod,
                observationMode: ObservationMode, learnInitialState: Bool, threads: Int,
                loss: ObservationLoss = .meanSquaredError, batching: FitBatching = .perTrajectory) {
        self.field = field
        self.data = data
        self.tableau = tableau
        self.controller = controller
        self.method = method
        self.observationMode = observationMode
        self.learnInitialState = learnInitialState
        self.threads = max(1, threads)
        self.loss = loss
        self.batching = Self.resolve(batching, field: field, data: data, method: method, loss: loss)
        let m = field.parameterCount, d = data.dimension
        initialSlot = Dictionary(uniqueKeysWithValues: data.training.enumerated().map { ($1.index, m + $0 * d) })
        count = m + (learnInitialState ? data.training.count * d : 0)
        residualCount = data.trainingObservedEntries
    }

    private init(restricting full: FitObjective, to data: FitData) {
        field = full.field
        self.data = data
        tableau = full.tableau
        controller = full.controller
        method = full.method
        observationMode = full.observationMode
        learnInitialState = full.learnInitialState
        threads = full.threads
        loss = full.loss
        batching = full.batching
        initialSlot = full.initialSlot
        count = full.count
        residualCount = data.trainingObservedEntries
    }

    /// The same objective on training observations up to `time` (same `θ` layout): one stage of
    /// a continuation in time.
    public func restricted(until time: Double) -> FitObjective {
        FitObjective(restricting: self, to: data.training(until: time))
    }

    public var modelParameterCount: Int { field.parameterCount }

    /// The starting `θ` from the model's starting parameters and the data's initial states.
    public func initialTheta(modelParameters: [Double]) -> [Double] {
        modelParameters + (learnInitialState ? data.training.flatMap(\.initialState) : [])
    }

    /// The gradient problem of one trajectory at `θ`.
    public func problem(_ trajectory: FitData.Trajectory, _ theta: [Double],
                        mode: ObservationMode? = nil) -> GradientProblem<Field> {
        problem(of: field, trajectory, theta, mode: mode)
    }

    /// The gradient problem of one trajectory at `θ` with `field` (the objective's field, seen as `F`).
    func problem<F: DifferentiableVectorField>(of field: F, _ trajectory: FitData.Trajectory, _ theta: [Double],
                                               mode: ObservationMode? = nil) -> GradientProblem<F> {
        let m = field.parameterCount, d = data.dimension
        var y0 = trajectory.initialState
        if learnInitialState, let slot = initialSlot[trajectory.index] { y0 = Array(theta[slot..<(slot + d)]) }
        return GradientProblem(field: field, t0: trajectory.t0, initialState: y0, parameters: Array(theta[0..<m]),
                               observations: trajectory.observations, tableau: tableau, controller: controller,
                               observationMode: mode ?? observationMode, loss: loss)
    }

    /// The loss over `batch` and `∂L/∂θ` (zero for the initial states of trajectories outside the batch).
    public func lossAndGradient(_ theta: [Double], batch: [FitData.Trajectory]) throws(ODEError)
        -> (loss: Double, gradient: [Double], evaluations: Int)
    {
        if batching == .sharedGrid { return try sharedGridLossAndGradient(theta, batch: batch) }
        if batching == .lockstep { return try lockstepLossAndGradient(theta, batch: batch) }
        let result = try computeGradients(batch.map { problem($0, theta) }, method: method, threads: threads)
        var gradient = result.parameterGradient + [Double](repeating: 0, count: count - modelParameterCount)
        if learnInitialState {
            for (trajectory, g) in zip(batch, result.initialStateGradients) {
                if let slot = initialSlot[trajectory.index] { for k in 0..<data.dimension { gradient[slot + k] = g[k] } }
            }
        }
        return (result.loss, gradient, result.forwardEvaluations + result.backwardEvaluations)
    }

    /// The mean loss over `set` (default: the training trajectories), from forward solves alone.
    public func loss(_ theta: [Double], over set: [FitData.Trajectory]? = nil) throws(ODEError) -> Double {
        let trajectories = set ?? data.training
        if batching == .sharedGrid { return try sharedGridLoss(theta, over: trajectories) }
        if batching == .lockstep { return try lockstepLoss(theta, over: trajectories) }
        let outcomes: [Result<(Double, Int), ODEError>] = parallelMap(trajectories.count, threads: threads) { index in
            do throws(ODEError) {
                let result = try evaluateLoss(problem(trajectories[index], theta))
                return .success((result.loss, result.observedCount))
            } catch { return .failure(error) }
        }
        var sum = 0.0, total = 0
        for outcome in outcomes {
            let (loss, n) = try outcome.get()
            sum += loss * Double(n)
            total += n
        }
        return total > 0 ? sum / Double(total) : .nan
    }

    /// The validation loss (NaN without validation data).
    public func validationLoss(_ theta: [Double]) throws(ODEError) -> Double {
        data.validation.isEmpty ? .nan : try loss(theta, over: data.validation)
    }

    /// The residual vector over every training trajectory (landing on observation times).
    public func residuals(_ theta: [Double]) throws(ODEError) -> [Double] {
        let trajectories = data.training
        let outcomes: [Result<[Double], ODEError>] = parallelMap(trajectories.count, threads: threads) { index in
            do throws(ODEError) {
                return .success(try evaluateLoss(problem(trajectories[index], theta)).predictions)
            } catch { return .failure(error) }
        }
        var predictions: [[Double]] = []
        for outcome in outcomes { predictions.append(try outcome.get()) }
        return assemble(predictions: predictions, sensitivities: nil).residuals
    }

    /// The residuals and their Jacobian `∂r/∂θ` (row-major `R × count`) by forward sensitivities,
    /// exact for the discrete solve.
    public func residualsAndJacobian(_ theta: [Double]) throws(ODEError) -> (residuals: [Double], jacobian: [Double], evaluations: Int) {
        let trajectories = data.training
        let outcomes: [Result<SensitivityResult, ODEError>] = parallelMap(trajectories.count, threads: threads) { index in
            do throws(ODEError) {
                return .success(try computeSensitivities(problem(trajectories[index], theta), includeInitialState: learnInitialState))
            } catch { return .failure(error) }
        }
        var results: [SensitivityResult] = []
        for outcome in outcomes { results.append(try outcome.get()) }
        let assembled = assemble(predictions: results.map(\.predictions), sensitivities: results)
        return (assembled.residuals, assembled.jacobian, results.reduce(0) { $0 + $1.functionEvaluations })
    }

    /// Scaled residuals (and Jacobian rows when sensitivities are given) in trajectory, time, component order.
    private func assemble(predictions: [[Double]], sensitivities: [SensitivityResult]?) -> (residuals: [Double], jacobian: [Double]) {
        let n = data.dimension, m = modelParameterCount, width = count
        let total = Double(max(residualCount, 1))
        var residuals: [Double] = [], jacobian: [Double] = []
        residuals.reserveCapacity(residualCount)
        if sensitivities != nil { jacobian.reserveCapacity(residualCount * width) }
        for (b, trajectory) in data.training.enumerated() {
            let o = trajectory.observations
            let slot = initialSlot[trajectory.index]
            for k in 0..<o.count {
                let scale = ((o.weights?[k] ?? 1) / total).squareRoot()
                for d in 0..<n where o.isObserved(k, d, dimension: n) {
                    residuals.append(scale * (predictions[b][k * n + d] - o.values[k * n + d]))
                    guard let s = sensitivities?[b] else { continue }
                    // One row of `width` entries, appended in place (no row array per residual).
                    let directions = s.directionCount, base = (k * n + d) * directions, start = jacobian.count
                    jacobian.append(contentsOf: repeatElement(0, count: width))
                    for c in 0..<m { jacobian[start + c] = scale * s.sensitivities[base + c] }
                    if learnInitialState, let slot {
                        for c in 0..<n { jacobian[start + slot + c] = scale * s.sensitivities[base + m + c] }
                    }
                }
            }
        }
        return (residuals, jacobian)
    }
}
