import Physics
import Datasets
import Parallel
import HDF5Kit
import ODE

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
    /// Solve N-body trajectories with an adaptive method 4 or 8 at a time per thread in SIMD lanes
    /// (``LaneIntegrator``: the same bytes as one at a time, ~2× the throughput); false: one at a time.
    public var usesLanes: Bool

    public init(recipe: DatasetRecipe, threads: Int, onFailure: FailurePolicy = .abort, usesLanes: Bool = true) {
        self.recipe = recipe
        self.threads = threads
        self.onFailure = onFailure
        self.usesLanes = usesLanes
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
        let results: [Result<GeneratedTrajectory, GenerationFailure>]
        if usesLanes, recipe.method.isAdaptive, let gravity = recipe.prepare(first).field as? NBodyGravity {
            if let sundman = recipe.timeTransformation.field(for: gravity, method: recipe.method) {
                results = Self.generateInLanes(recipe, field: sundman, gravity: gravity, clock: sundman.clockIndex,
                                               first: first, count: total, threads: threads, progress: perItem)
            } else {
                results = Self.generateInLanes(recipe, field: gravity, gravity: gravity, clock: nil,
                                               first: first, count: total, threads: threads, progress: perItem)
            }
        } else {
            results = parallelMap(total, threads: threads, progress: perItem) { index in recipe.trajectory(first + index) }
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

    /// Each thread drains trajectories through its own ``LaneIntegrator`` of `field` (`gravity`
    /// itself, or `gravity` in a fictitious time with the physical time at component `clock`); a
    /// trajectory whose field is not `gravity` (a configuration list mixing body counts) is solved alone.
    static func generateInLanes<Field: LaneVectorField & Sendable>(
        _ recipe: DatasetRecipe, field: Field, gravity: NBodyGravity, clock: Int?, first: Int, count: Int, threads: Int,
        progress: (@Sendable (Int) -> Void)?
    ) -> [Result<GeneratedTrajectory, GenerationFailure>] {
        let (order, expectedCosts) = startOrderAndCosts(recipe, first: first, count: count, threads: threads)
        let balance = DrainBalance(expectedCosts: order.map { expectedCosts[$0] }, threads: threads)
        return parallelDrain(count, threads: threads, progress: progress) { nextTaken, deliver in
            func next() -> Int? {
                guard let position = nextTaken() else { return nil }
                balance.took(position: position)
                return order[position]
            }
            let lanes = LaneIntegrator(field: field, tableau: recipe.method,
                                       controller: StepSizeController(rtol: recipe.rtol, atol: recipe.atol))
            var pending: [Int: DatasetRecipe.PreparedTrajectory] = [:]
            // A paused run (its long solve would outlast the queue on the other threads) returns
            // once its lanes are done; the thread then takes jobs again, if any are left.
            while lanes.run(next: {
                while let index = next() {
                    let prepared = recipe.prepare(first + index)
                    if let field = prepared.field as? NBodyGravity, field.bodyCount == gravity.bodyCount,
                       field.softening == gravity.softening {
                        pending[index] = prepared
                        if let clock {
                            return .init(id: index, t0: 0, t1: TimeTransformation.fictitiousTimeBound,
                                         initialState: prepared.initialState + [0], parameters: prepared.parameters,
                                         saveAt: prepared.times, clock: clock)
                        }
                        return .init(id: index, t0: 0, t1: prepared.end, initialState: prepared.initialState,
                                     parameters: prepared.parameters, saveAt: prepared.times)
                    }
                    deliver(index, recipe.trajectory(first + index))
                }
                return nil
            }, done: { index, result in
                let prepared = pending.removeValue(forKey: index)!
                switch result {
                case .success(let solution):
                    balance.finished(expectedCost: expectedCosts[index], evaluations: solution.stats.functionEvaluations)
                    deliver(index, recipe.complete(prepared, solution: solution))
                case .failure(let error): deliver(index, .failure(GenerationFailure(id: prepared.id, reason: error.description)))
                }
            }, pausesWhen: threads > 1 ? { balance.pauses(longestRemaining: $0) } : nil) {}
        }
    }

    /// The order in which to start the solves of trajectories `first ..< first + count` (offsets
    /// from `first`): the shortest ``NBodyTimeScale`` over the span first — the expected longest
    /// solves (longest-processing-time-first list scheduling, Graham 1969), so that a long solve
    /// starts early instead of running alone at the end (a trajectory that ends in a hard binary
    /// can take 7 % of a thousand's evaluations). The results do not depend on the order. No feature
    /// of the initial state ranks every such solve early (a chaotic encounter decides it), so a long
    /// solve the order misses is balanced while it runs (``DrainBalance``).
    /// (≈ 6 µs a trajectory, on `threads` threads.)
    public static func startOrder(_ recipe: DatasetRecipe, first: Int, count: Int, threads: Int = 1) -> [Int] {
        startOrderAndCosts(recipe, first: first, count: count, threads: threads).order
    }

    /// ``startOrder(_:first:count:threads:)`` and the expected cost of each trajectory (by offset
    /// from `first`): its span over its shortest ``NBodyTimeScale``, 0 where not an N-body field.
    static func startOrderAndCosts(_ recipe: DatasetRecipe, first: Int, count: Int, threads: Int)
        -> (order: [Int], expectedCosts: [Double]) {
        let expectedCost = parallelMap(count, threads: threads) { index -> Double in
            let prepared = recipe.prepare(first + index)
            guard let gravity = prepared.field as? NBodyGravity else { return 0 }
            let n = gravity.bodyCount
            let scale = NBodyTimeScale.shortest(state: prepared.initialState, masses: Array(prepared.parameters[0..<n]),
                                                G: prepared.parameters[gravity.gravitationalConstantIndex],
                                                softening: gravity.softening)
            let cost = prepared.end / scale
            return cost.isNaN ? 0 : cost
        }
        let order = (0..<count).sorted {
            expectedCost[$0] > expectedCost[$1] || (expectedCost[$0] == expectedCost[$1] && $0 < $1)
        }
        return (order, expectedCost)
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
        // Tens of megabytes for thousands of trajectories: copied on every thread (a serial
        // `flatMap` was ≈ 7 % of a 2-thread generation). Without noise the observed states are
        // the true ones (the same storage), and so is their concatenation.
        let threads = self.threads
        let trueStates = parallelConcatenation(b, threads: threads) { trajectories[$0].trueStates }
        let noiseFree = trajectories.allSatisfy { $0.observedStates == $0.trueStates }
        return TrajectoryDataset(
            times: NDArray(shape: [b, n], values: parallelConcatenation(b, threads: threads) { trajectories[$0].times }),
            states: NDArray(shape: [b, n, d],
                            values: noiseFree ? trueStates : parallelConcatenation(b, threads: threads) { trajectories[$0].observedStates }),
            trueStates: NDArray(shape: [b, n, d], values: trueStates),
            mask: hasMissing ? NDArray(shape: [b, n, d], values: parallelConcatenation(b, threads: threads) { trajectories[$0].mask }) : nil,
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
        // Physical time leaves files as they were.
        if timeTransformation != .none && source.isNBody && method.isAdaptive {
            attributes["time_transformation"] = .string(timeTransformation.description)
        }
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
