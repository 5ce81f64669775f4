import Foundation
import HDF5Kit

extension GenerationJob {
    /// Why a job's size was refused before it ran.
    public enum SizeRefusal: Error, Equatable, Sendable, CustomStringConvertible {
        /// The shard holds no trajectories (`K/N` with more slices than trajectories).
        case emptyShard(DatasetShard, count: Int)
        /// The slice would need about `bytes` in memory, more than `limit` (``HDF5Safety/maximumReadBytes``).
        case beyondMemory(bytes: Double, limit: Double)

        public var description: String {
            switch self {
            case let .emptyShard(shard, count):
                "GenerationJob.shard \(shard) of DatasetRecipe.count \(count) holds no trajectories: use at most \(count) shards"
            case let .beyondMemory(bytes, limit):
                String(format: "DatasetRecipe.count × DatasetRecipe.samples needs about %.3g GB in memory, more than %.3g GB (half of this machine's): generate it in slices with GenerationJob.shard and join them with DatasetMerge", bytes / 1e9, limit / 1e9)
            }
        }
    }

    /// Bytes this slice is budgeted in memory while it is generated and written: per sample the widest state
    /// (three-body's 18 components) and its time, at 17 bytes each (values, truth, mask and the file's copy).
    public var estimatedBytes: Double { Double(ids.count) * Double(recipe.samples) * Double(18 + 1) * 17 }

    /// Throws unless the slice holds trajectories and its ``estimatedBytes`` stay within
    /// ``HDF5Safety/maximumReadBytes`` (half of this machine's memory): a larger dataset is made in shards.
    public func checkSize() throws(SizeRefusal) {
        if let shard, ids.isEmpty { throw .emptyShard(shard, count: recipe.count) }
        let limit = Double(HDF5Safety.maximumReadBytes)
        guard estimatedBytes <= limit else { throw .beyondMemory(bytes: estimatedBytes, limit: limit) }
    }
}
