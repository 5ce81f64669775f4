import ODE
import Parallel

/// Gradients of a batch of trajectories computed together.
///
/// The batch loss is the mean over all observed entries of all trajectories,
/// `L = Σ_b S_b / Σ_b N_b` (`S_b` the weighted sum of squared errors, `N_b` the observed count
/// of trajectory `b`), so a trajectory with more observations weighs more. The parameters are
/// taken as shared: `parameterGradient` is `∂L/∂p` summed over trajectories (each problem
/// should carry the same parameter values). Initial states are per trajectory.
public struct BatchGradientResult: Sendable, Hashable {
    public var method: String
    /// The batch loss (mean over all observed entries).
    public var loss: Double
    public var observedCount: Int
    /// `∂L/∂p` of the batch loss.
    public var parameterGradient: [Double]
    /// `∂L/∂y_b(t0)` of the batch loss, one per trajectory.
    public var initialStateGradients: [[Double]]
    /// Each trajectory's own result (loss and gradients of its own mean, cost figures).
    public var trajectories: [GradientResult]

    /// Totals over the batch.
    public var forwardEvaluations: Int { trajectories.reduce(0) { $0 + $1.forwardEvaluations } }
    public var backwardEvaluations: Int { trajectories.reduce(0) { $0 + $1.backwardEvaluations } }
    public var backwardVJPs: Int { trajectories.reduce(0) { $0 + $1.backwardVJPs } }
    public var acceptedSteps: Int { trajectories.reduce(0) { $0 + $1.acceptedSteps } }
    public var rejectedSteps: Int { trajectories.reduce(0) { $0 + $1.rejectedSteps } }
    /// The largest single trajectory's backward memory (with `threads` workers, at most
    /// `threads` of them are held at once).
    public var peakBackwardBytes: Int { trajectories.map(\.peakBackwardBytes).max() ?? 0 }

    public init(method: String, trajectories: [GradientResult]) {
        self.method = method
        self.trajectories = trajectories
        let total = trajectories.reduce(0) { $0 + $1.observedCount }
        observedCount = total
        let m = trajectories.first?.parameterGradient.count ?? 0
        var gradient = [Double](repeating: 0, count: m)
        var loss = 0.0
        var initial: [[Double]] = []
        for result in trajectories {
            let share = total > 0 ? Double(result.observedCount) / Double(total) : 0
            loss += share * result.loss
            for i in 0..<min(m, result.parameterGradient.count) { gradient[i] += share * result.parameterGradient[i] }
            initial.append(result.initialStateGradient.map { share * $0 })
        }
        self.loss = loss
        parameterGradient = gradient
        initialStateGradients = initial
    }
}

/// The gradient of the batch loss over `problems` (see ``BatchGradientResult``), the
/// trajectories spread over `threads` threads with `parallelMap`: the result does not depend
/// on the thread count. Throws the first failing trajectory's error (lowest index).
public func computeGradients<Field: DifferentiableVectorField & Sendable>(
    _ problems: [GradientProblem<Field>], method: GradientMethod, threads: Int
) throws(ODEError) -> BatchGradientResult {
    let outcomes: [Result<GradientResult, ODEError>] = parallelMap(problems.count, threads: threads) { index in
        do throws(ODEError) {
            return .success(try computeGradient(problems[index], method: method))
        } catch {
            return .failure(error)
        }
    }
    var results: [GradientResult] = []
    results.reserveCapacity(outcomes.count)
    for outcome in outcomes {
        switch outcome {
        case .success(let result): results.append(result)
        case .failure(let error): throw error
        }
    }
    return BatchGradientResult(method: method.name, trajectories: results)
}
