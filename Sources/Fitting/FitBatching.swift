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
/// - ``lockstep``: trajectories with their own times keep their own step sizes, but are advanced in
///   groups of up to ``FitData/lockstepLaneLimit`` (``FitData/lockstepGroups(_:)``): each lane its own
///   adaptive solve, each Runge–Kutta stage one batched evaluation over the group's unfinished lanes, and
///   ACA's backward replay and stage VJPs batched the same way (``computeLockstepGradients(_:)``). The
///   loss and gradient are the per-trajectory ones to rounding. Needs a ``BatchVectorField`` and the ACA
///   gradient; groups run in parallel.
/// - ``auto``: for a neural field (more parameters than ``OptimizationStrategy/leastSquaresParameterLimit``:
///   the matrix–matrix products are where batching pays) that is a ``BatchVectorField`` with the mean
///   squared error loss: ``sharedGrid`` when the gradient is not MALI and at least two training trajectories
///   share a grid; else ``lockstep`` when the gradient is ACA and there are at least two training
///   trajectories; else ``perTrajectory``. Physical models keep per-trajectory solves, which their
///   Levenberg–Marquardt Jacobians and identifiability checks assume.
///
/// Stored in ``FitConfiguration/batching`` as `"auto"`, `"per-trajectory"`, `"shared-grid"` or `"lockstep"`;
/// a fit file without it (written before batching existed) resumes per trajectory.
public enum FitBatching: String, Sendable, Hashable, CaseIterable, Codable {
    case auto
    case perTrajectory = "per-trajectory"
    case sharedGrid = "shared-grid"
    case lockstep
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
        gridGroups(batch).flatMap { split($0, limit: sharedGridLaneLimit) }
    }

    /// The most trajectories one shared-grid group stacks (see ``sharedGridGroups(_:)``).
    public static let sharedGridLaneLimit = 32

    /// The training trajectories of `batch` in lockstep groups (``FitBatching/lockstep``): in batch order,
    /// the fewest nearly equal groups of at most ``lockstepLaneLimit`` (64 spiral trajectories: two groups
    /// of 32, one per core). Depends on the data alone, never on the thread count.
    public static func lockstepGroups(_ batch: [Trajectory]) -> [[Trajectory]] {
        batch.isEmpty ? [] : split(batch, limit: lockstepLaneLimit)
    }

    /// The most trajectories one lockstep group advances together (see ``lockstepGroups(_:)``).
    public static let lockstepLaneLimit = 32

    /// `group` split, in order, into the fewest nearly equal parts of at most `limit`.
    private static func split(_ group: [Trajectory], limit: Int) -> [[Trajectory]] {
        let parts = (group.count + limit - 1) / limit
        guard parts > 1 else { return [group] }
        var start = 0
        return (0..<parts).map { p in
            let size = group.count / parts + (p < group.count % parts ? 1 : 0)
            defer { start += size }
            return Array(group[start..<(start + size)])
        }
    }

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
