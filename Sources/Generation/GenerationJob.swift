import Datasets
import Foundation
import HDF5Kit
import ODE

/// One run of the generator as `orrery generate` makes it: a recipe, the slice of its trajectories to make
/// (``DatasetShard``; nil: all of them), the threads and what to do when a solve fails. ``run(attributes:progress:)``
/// returns the dataset to write, with the slice and the skipped ids recorded in its attributes, so that slices made
/// anywhere can be joined with `DatasetMerge` and a file says what it holds.
public struct GenerationJob: Sendable {
    public var recipe: DatasetRecipe
    public var shard: DatasetShard?
    public var threads: Int
    public var onFailure: DatasetGenerator.FailurePolicy

    /// The most fixed steps one trajectory may take (`tEnd / dt`): beyond it a fixed-step solve is almost
    /// certainly a mistyped `dt`, and would run for hours.
    public static let maximumFixedSteps = 10_000_000

    public init(recipe: DatasetRecipe, shard: DatasetShard? = nil, threads: Int, onFailure: DatasetGenerator.FailurePolicy = .abort) {
        self.recipe = recipe
        self.shard = shard
        self.threads = threads
        self.onFailure = onFailure
    }

    /// The trajectory ids of this slice (all `recipe.count` of them without a shard).
    public var ids: Range<Int> { shard?.ids(of: recipe.count) ?? 0..<recipe.count }

    /// Why a job was refused before it ran.
    public enum Refusal: Error, Equatable, Sendable, CustomStringConvertible {
        /// A fixed-step solve of `tEnd / dt` steps, more than ``GenerationJob/maximumFixedSteps``.
        case tooManyFixedSteps(tEnd: Double, dt: Double, steps: Double)
        /// `atol = 0` in Sundman time: the clock starts at exactly 0, so it would have no error scale.
        case clockWithoutAbsoluteTolerance

        public var description: String {
            switch self {
            case let .tooManyFixedSteps(tEnd, dt, steps):
                String(format: "DatasetRecipe.tEnd %g / DatasetRecipe.dt %g = %.3g fixed steps per trajectory, more than the limit of %d: raise DatasetRecipe.dt or use an adaptive DatasetRecipe.method", tEnd, dt, steps, GenerationJob.maximumFixedSteps)
            case .clockWithoutAbsoluteTolerance:
                "DatasetRecipe.atol 0 leaves the clock of Sundman time (it starts at t = 0) without an error scale: give DatasetRecipe.atol > 0, or DatasetRecipe.timeTransformation none"
            }
        }
    }

    /// Throws unless a fixed-step solve of each trajectory stays within ``maximumFixedSteps`` (adaptive methods
    /// pass), and unless Sundman time has an absolute tolerance for its clock.
    public func checkSolverSettings() throws(Refusal) {
        if recipe.atol == 0 && recipe.timeTransformation == .sundman && recipe.source.isNBody && recipe.method.isAdaptive {
            throw .clockWithoutAbsoluteTolerance
        }
        guard let dt = recipe.dt, !recipe.method.isAdaptive else { return }
        let steps = recipe.tEnd / dt
        guard steps <= Double(Self.maximumFixedSteps) else { throw .tooManyFixedSteps(tEnd: recipe.tEnd, dt: dt, steps: steps) }
    }

    /// What a run made.
    public struct Outcome: Sendable {
        /// The trajectories that solved, with `attributes`, `shard` and `skipped_ids` recorded; nil when every one failed.
        public let dataset: TrajectoryDataset?
        /// The trajectories skipped (``DatasetGenerator/FailurePolicy/skip``), in id order.
        public let failures: [GenerationFailure]
        public let seconds: Double
        public let functionEvaluations: Int
    }

    /// Generates this slice on ``threads`` threads; `attributes` (e.g. the command and version) are added to the
    /// file's root attributes, over the recorded `shard` and `skipped_ids` (a caller may record the slice as it was
    /// typed). `progress` receives (done, total) as trajectories finish.
    public func run(attributes: [String: HDF5AttributeValue] = [:],
                    progress: (@Sendable (Int, Int) -> Void)? = nil) throws -> Outcome {
        let started = Date()
        let output = try DatasetGenerator(recipe: recipe, threads: threads, onFailure: onFailure).generate(ids: ids, progress: progress)
        let seconds = Date().timeIntervalSince(started)
        var dataset = output.dataset
        if let shard { dataset?.metadata.attributes["shard"] = .string(shard.description) }
        if !output.failures.isEmpty { dataset?.metadata.attributes["skipped_ids"] = .integers(output.failures.map { Int64($0.id) }) }
        dataset?.metadata.attributes.merge(attributes) { $1 }
        return Outcome(dataset: dataset, failures: output.failures, seconds: seconds, functionEvaluations: output.functionEvaluations)
    }

    /// The summary of `outcome`, whose dataset was written to `file`.
    public func summary(of outcome: Outcome, file: String) -> GenerationSummary? {
        guard let dataset = outcome.dataset else { return nil }
        return GenerationSummary(dataset: DatasetSummary(dataset: dataset, file: file), ids: [ids.lowerBound, ids.upperBound],
                                 skipped: outcome.failures.map(\.id), seconds: outcome.seconds,
                                 trajectoriesPerSecond: Double(ids.count) / max(outcome.seconds, 1e-9),
                                 functionEvaluations: outcome.functionEvaluations)
    }
}
