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
            guard o.times.allSatisfy({ $0 > trajectory.t0 || $0 == trajectory.t0 }), zip(o.times, o.times.dropFirst()).allSatisfy({ $0 < $1 }) else {
                throw FitError("trajectory \(trajectory.index): observation times must increase from t0 = \(trajectory.t0)")
            }
        }
        self.init(training: trajectories, validation: validation, dimension: d,
                  fitEnd: trajectories.map { $0.observations.times.last! }.max()!)
    }
}
