import Gradients
import ODE
import Parallel

/// What a batched group solve (a shared-grid stack or a lockstep group) returns, in the terms
/// ``FitObjective`` combines: the group's mean loss over its observed entries, its parameter
/// gradient, each lane's initial-state gradient, and field evaluations counted per lane.
protocol FitGroupOutcome: Sendable {
    var loss: Double { get }
    var observedCount: Int { get }
    var parameterGradient: [Double] { get }
    /// `∂L/∂y_lane(t0)[component]` of the group's loss.
    func laneInitialGradient(lane: Int, component: Int, dimension: Int) -> Double
    /// Field evaluations, forward and backward, counted per lane, for a group of `lanes` trajectories.
    func evaluationsPerLane(lanes: Int) -> Int
}

/// A stacked (shared-grid) solve: one system of `lanes × dimension` states, counted once per lane.
extension GradientResult: FitGroupOutcome {
    func laneInitialGradient(lane: Int, component: Int, dimension: Int) -> Double { initialStateGradient[lane * dimension + component] }
    func evaluationsPerLane(lanes: Int) -> Int { lanes * (forwardEvaluations + backwardEvaluations) }
}

/// A lockstep group: its counts are already per lane.
extension BatchGradientResult: FitGroupOutcome {
    func laneInitialGradient(lane: Int, component: Int, dimension: Int) -> Double { initialStateGradients[lane][component] }
    func evaluationsPerLane(lanes: Int) -> Int { forwardEvaluations + backwardEvaluations }
}

extension FitObjective {
    /// Solves `groups` in parallel with `solve` and combines them into the batch's loss (the mean over all
    /// observed entries: each group weighted by its share of them) and gradient in θ's layout. The groups
    /// and their order depend on the data only, so the result is the same bytes for any thread count.
    func combinedLossAndGradient<Outcome: FitGroupOutcome>(
        _ groups: [[FitData.Trajectory]], _ solve: @Sendable (Int) throws(ODEError) -> Outcome
    ) throws(ODEError) -> (loss: Double, gradient: [Double], evaluations: Int) {
        let outcomes: [Result<Outcome, ODEError>] = parallelMap(groups.count, threads: threads) { g in
            do throws(ODEError) { return .success(try solve(g)) } catch { return .failure(error) }
        }
        var results: [Outcome] = []
        for outcome in outcomes { results.append(try outcome.get()) }
        let total = results.reduce(0) { $0 + $1.observedCount }
        let m = modelParameterCount, d = data.dimension
        var gradient = [Double](repeating: 0, count: count)
        var loss = 0.0, evaluations = 0
        for (group, result) in zip(groups, results) {
            let share = total > 0 ? Double(result.observedCount) / Double(total) : 0
            loss += share * result.loss
            for i in 0..<m { gradient[i] += share * result.parameterGradient[i] }
            if learnInitialState {
                for (b, trajectory) in group.enumerated() {
                    guard let slot = initialSlot[trajectory.index] else { continue }
                    for k in 0..<d { gradient[slot + k] = share * result.laneInitialGradient(lane: b, component: k, dimension: d) }
                }
            }
            evaluations += result.evaluationsPerLane(lanes: group.count)
        }
        return (loss, gradient, evaluations)
    }
}
