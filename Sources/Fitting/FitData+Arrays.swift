import Gradients

extension FitData {
    /// Data from arrays, already split: `trajectories` train, `validation` (may be empty) chooses
    /// the best parameters. Every trajectory must have the same state dimension and at least one observation.
    public init(trajectories: [Trajectory], validation: [Trajectory] = []) throws(FitError) {
        guard let first = trajectories.first else { throw FitError("FitData needs at least one training trajectory") }
        let d = first.initialState.count
        for trajectory in trajectories + validation {
            guard trajectory.initialState.count == d else {
                throw FitError("trajectory \(trajectory.index) starts from \(trajectory.initialState.count) components; the first has \(d)")
            }
            let o = trajectory.observations
            guard o.count > 0, o.values.count == o.count * d else {
                throw FitError("trajectory \(trajectory.index): \(o.values.count) observed values for \(o.count) times × \(d) components")
            }
            if let problem = Self.timeProblem(o.times, t0: trajectory.t0) {
                throw FitError("trajectory \(trajectory.index): observation times must increase from t0 = \(trajectory.t0): \(problem)")
            }
        }
        self.init(training: trajectories, validation: validation, dimension: d,
                  fitEnd: trajectories.map { $0.observations.times.last! }.max()!)
    }

    /// The first observation time that breaks `t0 ≤ t₀ < t₁ < …` (and is finite), in words; nil when none does.
    static func timeProblem(_ times: [Double], t0: Double) -> String? {
        for (k, t) in times.enumerated() {
            if !t.isFinite { return "times[\(k)] is \(t)" }
            if k == 0, t < t0 { return "times[0] = \(t) is before t0" }
            if k > 0, t <= times[k - 1] { return "times[\(k)] = \(t) does not follow times[\(k - 1)] = \(times[k - 1])" }
        }
        return nil
    }
}
