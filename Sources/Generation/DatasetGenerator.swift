import Physics
import Datasets
import Parallel
import HDF5Kit

/// Simulates a recipe's trajectories on several threads and stacks them into a dataset.
public struct DatasetGenerator: Sendable {
    /// What to do when a trajectory's solve fails (e.g. a near-collision).
    public enum FailurePolicy: String, Sendable, CaseIterable {
        /// Leave the trajectory out; the file keeps the others (their ids stay in /trajectory_id).
        case skip
        /// Stop and write nothing.
        case abort
    }

    public var recipe: DatasetRecipe
    public var threads: Int
    public var onFailure: FailurePolicy

    public init(recipe: DatasetRecipe, threads: Int, onFailure: FailurePolicy = .abort) {
        self.recipe = recipe
        self.threads = threads
        self.onFailure = onFailure
    }

    /// The outcome: the dataset (nil if every trajectory failed) and the failures.
    public struct Output: Sendable {
        public let dataset: TrajectoryDataset?
        public let failures: [GenerationFailure]
        public let ids: [Int]
        public let functionEvaluations: Int
    }

    /// Simulates trajectories `ids` (by default all of them).
    ///
    /// - Throws: the first ``GenerationFailure`` (lowest id) under `.abort`.
    public func generate(ids: Range<Int>? = nil, progress: (@Sendable (Int, Int) -> Void)? = nil) throws -> Output {
        let ids = ids ?? 0..<recipe.count
        let recipe = self.recipe, first = ids.lowerBound, total = ids.count
        var perItem: (@Sendable (Int) -> Void)? = nil
        if let progress { perItem = { done in progress(done, total) } }
        let results = parallelMap(total, threads: threads, progress: perItem) { index in
            recipe.trajectory(first + index)
        }
        var trajectories: [GeneratedTrajectory] = [], failures: [GenerationFailure] = []
        for result in results {
            switch result {
            case .success(let trajectory): trajectories.append(trajectory)
            case .failure(let failure): failures.append(failure)
            }
        }
        if onFailure == .abort, let failure = failures.first { throw failure }
        return Output(dataset: trajectories.isEmpty ? nil : stack(trajectories), failures: failures,
                      ids: trajectories.map(\.id), functionEvaluations: trajectories.reduce(0) { $0 + $1.functionEvaluations })
    }

    private func stack(_ trajectories: [GeneratedTrajectory]) -> TrajectoryDataset {
        let b = trajectories.count, n = recipe.samples, d = trajectories[0].initialState.count
        var parameters: [String: NDArray<Double>] = [:]
        for name in trajectories[0].parameters.keys {
            let width = trajectories[0].parameters[name]!.count
            let values = trajectories.flatMap { $0.parameters[name]! }
            parameters[name] = NDArray(shape: width == 1 ? [b] : [b, width], values: values)
        }
        let hasMissing = recipe.observation.missingFraction > 0
        return TrajectoryDataset(
            times: NDArray(shape: [b, n], values: trajectories.flatMap(\.times)),
            states: NDArray(shape: [b, n, d], values: trajectories.flatMap(\.observedStates)),
            trueStates: NDArray(shape: [b, n, d], values: trajectories.flatMap(\.trueStates)),
            mask: hasMissing ? NDArray(shape: [b, n, d], values: trajectories.flatMap(\.mask)) : nil,
            initialStates: NDArray(shape: [b, d], values: trajectories.flatMap(\.initialState)),
            parameters: parameters,
            metadata: DatasetMetadata(system: recipe.systemName, stateLabels: recipe.stateLabels, attributes: recipe.attributes),
            trajectoryIDs: trajectories.map { Int64($0.id) })
    }
}

extension DatasetRecipe {
    /// Root attributes recording every generation setting.
    public var attributes: [String: HDF5AttributeValue] {
        var attributes: [String: HDF5AttributeValue] = [
            "seed": .integer(Int64(bitPattern: seed)),
            "count": .integer(Int64(count)),
            "t_end": .double(tEnd),
            "samples": .integer(Int64(samples)),
            "noise_std": .double(observation.noise),
            "missing_fraction": .double(observation.missingFraction),
            "integrator": .string(method.name),
            "rtol": .double(rtol),
            "atol": .double(atol),
        ]
        switch sampling {
        case .regular: attributes["sampling"] = .string("regular")
        case .uniform: attributes["sampling"] = .string("irregular")
        case .poisson(let rate): attributes["sampling"] = .string("poisson"); attributes["poisson_rate"] = .double(rate)
        }
        // With units, G and their name; without, files stay as they were (G is in /parameters/G per trajectory).
        if let G { attributes["G"] = .double(G) }
        if let units { attributes["units"] = .string(units) }
        switch source {
        case .threeBody(let preset):
            attributes["preset"] = .string(preset.rawValue)
            if preset == .random {
                attributes["random_recipe"] = .string(ThreeBodyPreset.randomRecipe)
            }
        case .configurations(let list):
            attributes["preset"] = .strings(list.map(\.name))
        case .timeSeries(let system):
            attributes["parameter_names"] = .strings(system.parameterNames)
            if system != .threeBody { attributes["parameters"] = .doubles(parameters ?? system.defaultParameters) }
        }
        if let dt { attributes["dt"] = .double(dt) }
        return attributes
    }
}
