import Datasets
import Generation
import Testing

/// `GenerationJob.checkSize()`: an empty shard and a slice beyond memory are refused before any work.
@Suite("GenerationJob size")
struct GenerationJobSizeTests {
    static func recipe(count: Int, samples: Int = 5) -> DatasetRecipe {
        DatasetRecipe(source: .timeSeries(.spiral), count: count, tEnd: 2, samples: samples, seed: 3, rtol: 1e-9, atol: 1e-9)
    }

    @Test("the estimate is ids × samples × 19 values × 17 bytes, for the slice only")
    func estimate() throws {
        #expect(GenerationJob(recipe: Self.recipe(count: 8, samples: 10), threads: 1).estimatedBytes == 8 * 10 * 19 * 17)
        let second: DatasetShard = try #require(DatasetShard("2/2"))
        let half = GenerationJob(recipe: Self.recipe(count: 8, samples: 10), shard: second, threads: 1)
        #expect(half.estimatedBytes == 4 * 10 * 19 * 17)
        try half.checkSize()
    }

    @Test("a shard with no trajectories and a slice beyond half the memory are refused, naming the knobs")
    func refusals() throws {
        let seventh: DatasetShard = try #require(DatasetShard("7/8"))
        let empty = GenerationJob(recipe: Self.recipe(count: 4), shard: seventh, threads: 1)
        #expect(empty.ids.isEmpty)
        #expect(throws: GenerationJob.SizeRefusal.emptyShard(try #require(DatasetShard("7/8")), count: 4)) { try empty.checkSize() }
        #expect("\(GenerationJob.SizeRefusal.emptyShard(try #require(DatasetShard("7/8")), count: 4))"
                == "GenerationJob.shard 7/8 of DatasetRecipe.count 4 holds no trajectories: use at most 4 shards")
        let huge = GenerationJob(recipe: Self.recipe(count: 1 << 40, samples: 1000), threads: 1)
        do {
            try huge.checkSize()
            Issue.record("a \(huge.estimatedBytes)-byte job passed")
        } catch {
            guard case let .beyondMemory(bytes, limit) = error else { Issue.record("\(error)"); return }
            #expect(bytes == huge.estimatedBytes && bytes > limit && limit > 0)
            #expect("\(error)".contains("generate it in slices with GenerationJob.shard"))
        }
    }
}
