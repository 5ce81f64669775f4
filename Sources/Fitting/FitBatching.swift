import Gradients
import ODE

/// How a fit solves the training trajectories of an iteration.
///
/// - ``perTrajectory``: each trajectory is its own solve with its own step sizes, the trajectories
///   spread over the worker threads.
/// - ``sharedGrid``: trajectories that share a start time and observation times (and weights) are
///   solved as one batched system (``StackedVectorField``): one step-size sequence for the group,
///   the error norm over every lane, one batched evaluation of the field per stage — as torchdiffeq
///   and diffrax solve a batch. The loss is the same masked mean squared error over all observed
///   entries; ACA stays exact, now for the batched discrete solve. Groups run in parallel; a
///   trajectory alone on its grid is solved by itself. Needs a ``BatchVectorField`` and the mean
///   squared error loss.
/// - ``auto``: ``sharedGrid`` when the field is a ``BatchVectorField``, neural (more parameters than
///   ``OptimizationStrategy/leastSquaresParameterLimit``: the matrix–matrix products are where batching
///   pays), the loss is the mean squared error, the gradient is not MALI, and at least two training
///   trajectories share a grid; else ``perTrajectory``. Physical models keep per-trajectory step
///   sizes, which their Levenberg–Marquardt Jacobians and identifiability checks assume.
///
/// Stored in ``FitConfiguration/batching`` as `"auto"`, `"per-trajectory"` or `"shared-grid"`; a fit
/// file without it (written before batching existed) resumes per trajectory.
public enum FitBatching: String, Sendable, Hashable, CaseIterable, Codable {
    case auto
    case perTrajectory = "per-trajectory"
    case sharedGrid = "shared-grid"
}

extension FitData {
    /// The training trajectories of `batch` grouped by shared grid (`t0`, observation times, weights),
    /// in order of first appearance, each group in batch order: what ``FitBatching/sharedGrid`` stacks.
    /// Depends on the data alone, never on the thread count.
    public static func sharedGridGroups(_ batch: [Trajectory]) -> [[Trajectory]] {
        var groups: [[Trajectory]] = []
        var slot: [GridKey: Int] = [:]
        for trajectory in batch {
            let o = trajectory.observations
            let key = GridKey(t0: trajectory.t0, times: o.times, weights: o.weights)
            if let g = slot[key] {
                groups[g].append(trajectory)
            } else {
                slot[key] = groups.count
                groups.append([trajectory])
            }
        }
        return groups
    }

    private struct GridKey: Hashable {
        let t0: Double
        let times: [Double]
        let weights: [Double]?
    }
}
