import Gradients
import ODE
import Parallel

extension FitObjective {
    /// Why trajectories cannot be solved in lockstep groups for this field and method (nil: they can).
    public static func lockstepUnavailable(field: Field, method: GradientMethod) -> String? {
        if !(field is any BatchVectorField) {
            return "the model \(Field.self) is not a BatchVectorField (add the conformance, or set FitSettings.batching to .perTrajectory)"
        }
        if method != .aca { return "lockstep groups are differentiated with ACA; set FitSettings.batching to .perTrajectory or FitSettings.gradient to .aca" }
        return nil
    }

    /// Lockstep groups of `batch`, for the fit file: `"2 lockstep groups of 32 trajectories"`.
    public func lockstepSummary(_ batch: [FitData.Trajectory]? = nil) -> String {
        let sizes = FitData.lockstepGroups(batch ?? data.training).map(\.count)
        let kinds = Set(sizes).sorted().map(String.init).joined(separator: "/")
        return "\(sizes.count) lockstep group\(sizes.count == 1 ? "" : "s") of \(kinds) trajector\(sizes == [1] ? "y" : "ies")"
    }

    /// ``lossAndGradient(_:batch:)`` with the batch in lockstep groups (``FitData/lockstepGroups(_:)``), each
    /// group one ``computeLockstepGradients(_:)``, the groups in parallel. Every trajectory keeps its own
    /// steps, so the loss and gradient are those of the per-trajectory path to rounding (the batched kernel's
    /// summation order); `evaluations` counts field evaluations per lane.
    func lockstepLossAndGradient(_ theta: [Double], batch: [FitData.Trajectory]) throws(ODEError)
        -> (loss: Double, gradient: [Double], evaluations: Int)
    {
        let groups = FitData.lockstepGroups(batch)
        return try combinedLossAndGradient(groups) { g throws(ODEError) in try lockstepGradient(groups[g], theta) }
    }

    /// The mean loss over `trajectories` from forward solves, each lockstep group solved together.
    func lockstepLoss(_ theta: [Double], over trajectories: [FitData.Trajectory]) throws(ODEError) -> Double {
        let groups = FitData.lockstepGroups(trajectories)
        let outcomes: [Result<(loss: Double, observedCount: Int), ODEError>] = parallelMap(groups.count, threads: threads) { g in
            do throws(ODEError) { return .success(try lockstepGroupLoss(groups[g], theta)) } catch { return .failure(error) }
        }
        var sum = 0.0, total = 0
        for outcome in outcomes {
            let (loss, n) = try outcome.get()
            if n > 0 { sum += loss * Double(n) }
            total += n
        }
        return total > 0 ? sum / Double(total) : .nan
    }

    private func lockstepGradient(_ group: [FitData.Trajectory], _ theta: [Double]) throws(ODEError) -> BatchGradientResult {
        guard let base = field as? any BatchVectorField else {
            return try computeGradients(group.map { problem($0, theta) }, method: method, threads: 1)
        }
        return try lockstepGradient(of: base, group, theta)
    }

    private func lockstepGradient<F: BatchVectorField>(of base: F, _ group: [FitData.Trajectory], _ theta: [Double])
        throws(ODEError) -> BatchGradientResult
    {
        try computeLockstepGradients(group.map { problem(of: base, $0, theta) })
    }

    private func lockstepGroupLoss(_ group: [FitData.Trajectory], _ theta: [Double]) throws(ODEError)
        -> (loss: Double, observedCount: Int)
    {
        guard let base = field as? any BatchVectorField else {
            var sum = 0.0, total = 0
            for trajectory in group {
                let result = try evaluateLoss(problem(trajectory, theta))
                sum += result.loss * Double(result.observedCount); total += result.observedCount
            }
            return (total > 0 ? sum / Double(total) : .nan, total)
        }
        return try lockstepGroupLoss(of: base, group, theta)
    }

    private func lockstepGroupLoss<F: BatchVectorField>(of base: F, _ group: [FitData.Trajectory], _ theta: [Double])
        throws(ODEError) -> (loss: Double, observedCount: Int)
    {
        try evaluateLockstepLoss(group.map { problem(of: base, $0, theta) })
    }
}
