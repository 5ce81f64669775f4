import Gradients
import ODE
import Parallel

extension FitObjective {
    /// Why trajectories on a shared grid cannot be stacked for this field, loss and method (nil: they can).
    public static func sharedGridUnavailable(field: Field, method: GradientMethod, loss: ObservationLoss) -> String? {
        if !(field is any BatchVectorField) {
            return "the model \(Field.self) is not a BatchVectorField (add the conformance, or set FitSettings.batching to .perTrajectory)"
        }
        if !loss.isSumOfSquares { return "the loss \(loss.name) is a function of one trajectory; set FitSettings.batching to .perTrajectory or FitSettings.loss to .meanSquaredError" }
        if method == .mali { return "the mali gradient solves trajectory by trajectory; set FitSettings.batching to .perTrajectory or FitSettings.gradient to .aca" }
        return nil
    }

    /// ``FitBatching/auto`` made concrete (see ``FitBatching`` for the rule); an explicit choice that
    /// cannot work falls back to per trajectory (``Trainer`` rejects it first, naming the knob).
    static func resolve(_ batching: FitBatching, field: Field, data: FitData, method: GradientMethod,
                        loss: ObservationLoss) -> FitBatching {
        let sharedGridWorks = sharedGridUnavailable(field: field, method: method, loss: loss) == nil
        let lockstepWorks = lockstepUnavailable(field: field, method: method) == nil
        switch batching {
        case .perTrajectory: return .perTrajectory
        case .sharedGrid: return sharedGridWorks ? .sharedGrid : .perTrajectory
        case .lockstep: return lockstepWorks ? .lockstep : .perTrajectory
        case .auto:
            guard field.parameterCount > OptimizationStrategy.leastSquaresParameterLimit else { return .perTrajectory }
            if sharedGridWorks && FitData.sharedGridGroups(data.training).contains(where: { $0.count > 1 }) { return .sharedGrid }
            if lockstepWorks && loss.isSumOfSquares && data.training.count > 1 { return .lockstep }
            return .perTrajectory
        }
    }

    /// Shared-grid groups of `batch`, for the fit file: `"1 group of 64 trajectories"`.
    public func sharedGridSummary(_ batch: [FitData.Trajectory]? = nil) -> String {
        let sizes = FitData.sharedGridGroups(batch ?? data.training).map(\.count)
        let stacked = sizes.filter { $0 > 1 }
        let alone = sizes.count - stacked.count
        var parts: [String] = []
        if !stacked.isEmpty {
            parts.append("\(stacked.count) group\(stacked.count == 1 ? "" : "s") of \(Set(stacked).sorted().map(String.init).joined(separator: "/")) trajectories")
        }
        if alone > 0 { parts.append("\(alone) trajector\(alone == 1 ? "y" : "ies") alone on its grid") }
        return parts.joined(separator: ", ")
    }

    /// ``lossAndGradient(_:batch:)`` with each shared-grid group solved as one batched system. The loss
    /// is the same mean over all observed entries; `evaluations` counts field evaluations per lane.
    func sharedGridLossAndGradient(_ theta: [Double], batch: [FitData.Trajectory]) throws(ODEError)
        -> (loss: Double, gradient: [Double], evaluations: Int)
    {
        let groups = FitData.sharedGridGroups(batch)
        return try combinedLossAndGradient(groups) { g throws(ODEError) in try groupGradient(groups[g], theta) }
    }

    /// The mean loss over `trajectories` from forward solves, each shared-grid group as one batched solve.
    func sharedGridLoss(_ theta: [Double], over trajectories: [FitData.Trajectory]) throws(ODEError) -> Double {
        let groups = FitData.sharedGridGroups(trajectories)
        let outcomes: [Result<(Double, Int), ODEError>] = parallelMap(groups.count, threads: threads) { g in
            do throws(ODEError) { return .success(try groupLoss(groups[g], theta)) } catch { return .failure(error) }
        }
        var sum = 0.0, total = 0
        for outcome in outcomes {
            let (loss, n) = try outcome.get()
            sum += loss * Double(n)
            total += n
        }
        return total > 0 ? sum / Double(total) : .nan
    }

    /// One group's gradient: the trajectory's own problem when alone, else the stacked problem.
    private func groupGradient(_ group: [FitData.Trajectory], _ theta: [Double]) throws(ODEError) -> GradientResult {
        guard group.count > 1, let base = field as? any BatchVectorField else {
            return try computeGradient(problem(group[0], theta), method: method)
        }
        return try stackedGradient(of: base, group, theta)
    }

    private func groupLoss(_ group: [FitData.Trajectory], _ theta: [Double]) throws(ODEError) -> (Double, Int) {
        guard group.count > 1, let base = field as? any BatchVectorField else {
            let result = try evaluateLoss(problem(group[0], theta))
            return (result.loss, result.observedCount)
        }
        return try stackedLoss(of: base, group, theta)
    }

    private func stackedProblem<F: BatchVectorField>(of base: F, _ group: [FitData.Trajectory], _ theta: [Double])
        throws(ODEError) -> GradientProblem<StackedVectorField<F>>
    {
        guard let stacked = GradientProblem.stacked(group.map { problem(of: base, $0, theta) }) else {
            // Groups share t0, times and weights by construction; anything else is a broken invariant.
            throw .invalidInput(.dimensionMismatch(name: "shared-grid group (trajectories \(group.map(\.index)))", expected: group.count, actual: 0))
        }
        return stacked
    }

    private func stackedGradient<F: BatchVectorField>(of base: F, _ group: [FitData.Trajectory], _ theta: [Double])
        throws(ODEError) -> GradientResult
    {
        try computeGradient(stackedProblem(of: base, group, theta), method: method)
    }

    private func stackedLoss<F: BatchVectorField>(of base: F, _ group: [FitData.Trajectory], _ theta: [Double])
        throws(ODEError) -> (Double, Int)
    {
        let result = try evaluateLoss(stackedProblem(of: base, group, theta))
        return (result.loss, result.observedCount)
    }
}
