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
    ///
    /// A grid shared by more than ``sharedGridLaneLimit`` trajectories is split, in order, into the
    /// fewest nearly equal groups of at most that many lanes: each group keeps its own step sizes and
    /// the groups run in parallel (64 spiral trajectories: two groups of 32, one per core), while 32
    /// lanes still feed the matrix–matrix kernel full blocks.
    public static func sharedGridGroups(_ batch: [Trajectory]) -> [[Trajectory]] {
        gridGroups(batch).flatMap { group -> [[Trajectory]] in
            let parts = (group.count + sharedGridLaneLimit - 1) / sharedGridLaneLimit
            guard parts > 1 else { return [group] }
            var start = 0
            return (0..<parts).map { p in
                let size = group.count / parts + (p < group.count % parts ? 1 : 0)
                defer { start += size }
                return Array(group[start..<(start + size)])
            }
        }
    }

    /// The most trajectories one shared-grid group stacks (see ``sharedGridGroups(_:)``).
    public static let sharedGridLaneLimit = 32

    /// Trajectories grouped by (`t0`, observation times, weights), in order of first appearance.
    private static func gridGroups(_ batch: [Trajectory]) -> [[Trajectory]] {
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
