import Datasets
import Generation
import ODE
import Physics
import Testing

/// `GenerationJob`: a slice of a recipe's trajectories, the fixed-step limit, and what the file records.
@Suite("GenerationJob")
struct GenerationJobTests {
    static func spiral(count: Int = 4) -> DatasetRecipe {
        DatasetRecipe(source: .timeSeries(.spiral), count: count, tEnd: 2, samples: 5, seed: 3, rtol: 1e-9, atol: 1e-9)
    }

    @Test("a shard's trajectories are the same numbers as the full run's, with the slice and the caller's attributes recorded")
    func shardMatchesFullRun() throws {
        let full = try #require(try GenerationJob(recipe: Self.spiral(), threads: 2).run().dataset)
        let shard = try #require(DatasetShard("2/2"))
        let job = GenerationJob(recipe: Self.spiral(), shard: shard, threads: 1)
        #expect(job.ids == 2..<4 && GenerationJob(recipe: Self.spiral(), threads: 1).ids == 0..<4)
        let outcome = try job.run(attributes: ["command": .string("test")])
        let part = try #require(outcome.dataset)
        #expect(part.trajectoryIDs == [2, 3] && outcome.failures.isEmpty && outcome.functionEvaluations > 0)
        let perTrajectory = full.states.values.count / 4
        #expect(Array(part.states.values) == Array(full.states.values[(2 * perTrajectory)...]))
        #expect(part.metadata.attributes["shard"] == .string("2/2"))
        #expect(part.metadata.attributes["command"] == .string("test"))
        #expect(full.metadata.attributes["shard"] == nil && full.metadata.attributes["skipped_ids"] == nil)
        // The caller's attributes win: a slice recorded as it was typed.
        let typed = try job.run(attributes: ["shard": .string("+2/2")]).dataset
        #expect(typed?.metadata.attributes["shard"] == .string("+2/2"))
        let summary = try #require(job.summary(of: outcome, file: "part.h5"))
        #expect(summary.ids == [2, 4] && summary.skipped.isEmpty && summary.dataset.trajectories == 2 && summary.dataset.file == "part.h5")
    }

    @Test("a fixed-step solve over the step limit is refused with the numbers; within it, or adaptive, it passes")
    func fixedStepLimit() throws {
        var recipe = Self.spiral()
        recipe.method = .rk4
        recipe.tEnd = 10
        recipe.dt = 1e-7
        let steps = 10 / 1e-7
        #expect(steps > Double(GenerationJob.maximumFixedSteps))
        #expect(throws: GenerationJob.Refusal.tooManyFixedSteps(tEnd: 10, dt: 1e-7, steps: steps)) {
            try GenerationJob(recipe: recipe, threads: 1).checkSolverSettings()
        }
        let message = GenerationJob.Refusal.tooManyFixedSteps(tEnd: 10, dt: 1e-7, steps: steps).description
        #expect(message.hasPrefix("DatasetRecipe.tEnd 10 / DatasetRecipe.dt 1e-07 = 1e+08 fixed steps"), "\(message)")
        recipe.dt = 1e-5
        try GenerationJob(recipe: recipe, threads: 1).checkSolverSettings()
        recipe.dt = 1e-7
        recipe.method = .dormandPrince5
        try GenerationJob(recipe: recipe, threads: 1).checkSolverSettings()
    }

    @Test("Sundman time refuses atol = 0 (its clock starts at 0), naming the knobs; physical time and time series take it")
    func clockNeedsAbsoluteTolerance() throws {
        var recipe = DatasetRecipe(source: .threeBody(.random), count: 2, tEnd: 1, samples: 5, atol: 0)
        #expect(throws: GenerationJob.Refusal.clockWithoutAbsoluteTolerance) { try GenerationJob(recipe: recipe, threads: 1).checkSolverSettings() }
        #expect(GenerationJob.Refusal.clockWithoutAbsoluteTolerance.description.contains("give DatasetRecipe.atol > 0"))
        recipe.timeTransformation = .none
        try GenerationJob(recipe: recipe, threads: 1).checkSolverSettings()
        try GenerationJob(recipe: DatasetRecipe(source: .timeSeries(.spiral), count: 2, tEnd: 1, samples: 5, atol: 0), threads: 1).checkSolverSettings()
    }
}
