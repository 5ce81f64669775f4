import CHDF5
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Parallel

/// Who runs the filters (shuffle, deflate, Fletcher-32) of a compressed dataset's chunks when it is written.
public enum HDF5ChunkFiltering: Sendable, Equatable {
    /// HDF5's own filter pipeline, chunk after chunk on the calling thread (`H5Dwrite`).
    case library
    /// The same filters (the same zlib `compress2` call HDF5 makes) on up to `threads` threads, the
    /// filtered chunks then stored in order with `H5Dwrite_chunk` (HDF5 ≥ 1.10.2): the same file bytes
    /// as ``library`` (tested byte for byte), in a fraction of the time on several cores.
    case parallel(threads: Int)

    /// ``parallel(threads:)`` on every core the process may use.
    public static var allCores: HDF5ChunkFiltering { .parallel(threads: ProcessInfo.processInfo.activeProcessorCount) }
}

/// A dataset's whole chunks filtered off HDF5's pipeline, for ``HDF5Dataset/write(_:filtered:)``.
struct FilteredChunks {
    /// Rows (first-dimension indices) per chunk.
    let rowsPerChunk: Int
    /// Whole chunk `i` (rows `i·rowsPerChunk ..< (i + 1)·rowsPerChunk`) as HDF5 stores it; nil where
    /// deflate did not shrink it, which HDF5's pipeline then stores by its own, version-dependent rule.
    let stored: [[UInt8]?]
}

extension HDF5Dataset {
    /// Writes the whole dataset, created with `storage`, filtering its chunks as `filtering` says.
    ///
    /// The parallel path applies where each chunk is one contiguous run of `values` (a chunk spans
    /// whole trailing dimensions) and `storage` deflates; elsewhere the dataset is written through
    /// HDF5's pipeline. On the parallel path HDF5's pipeline still stores, one at a time, the few
    /// chunks it must decide itself: a chunk that deflate does not shrink, and a last, partial chunk
    /// (padded with the fill value).
    public func write<T: HDF5Element>(_ values: NDArray<T>, storage: HDF5StorageOptions, filtering: HDF5ChunkFiltering) throws {
        try write(values, filtered: Self.filteredChunks(of: values, storage: storage, filtering: filtering))
    }

    /// Writes the whole dataset from its chunks as `filteredChunks(of:storage:filtering:)` made them
    /// for `values` and this dataset's storage options (nil: all through HDF5's pipeline). Chunks are
    /// stored in order, so the file is the one HDF5's pipeline writes (`FilteredChunkTests`).
    func write<T: HDF5Element>(_ values: NDArray<T>, filtered: FilteredChunks?) throws {
        guard let filtered else { return try write(values) }
        guard try self.shape == values.shape else { throw HDF5Error.shapeMismatch(path: path, expected: try self.shape, found: values.shape) }
        let rows = filtered.rowsPerChunk, rowLength = values.shape.dropFirst().reduce(1, *)
        func writeThroughPipeline(firstRow: Int, count: Int) throws {
            var offset = [Int](repeating: 0, count: values.shape.count), extent = values.shape
            offset[0] = firstRow; extent[0] = count
            try write(Array(values.values[(firstRow * rowLength)..<((firstRow + count) * rowLength)]), offset: offset, count: extent)
            // Out of HDF5's chunk cache now, so that it takes its place in the file in order.
            try check(H5Dflush(id), "flush \(path)")
        }
        var offset = [hsize_t](repeating: 0, count: values.shape.count)
        for (index, chunk) in filtered.stored.enumerated() {
            guard let chunk else {
                try writeThroughPipeline(firstRow: index * rows, count: rows)
                continue
            }
            offset[0] = hsize_t(index * rows)
            try chunk.withUnsafeBytes { bytes in
                try check(H5Dwrite_chunk(id, orrery_H5P_DEFAULT(), 0, &offset, bytes.count, bytes.baseAddress),
                          "write chunk \(index) of \(path)")
            }
        }
        let written = filtered.stored.count * rows
        if written < values.shape[0] { try writeThroughPipeline(firstRow: written, count: values.shape[0] - written) }
    }

    /// The whole chunks of `values`, filtered as a dataset created with `storage` stores them, when
    /// `filtering` is parallel and the chunks qualify (see `write(_:storage:filtering:)`); nil otherwise.
    static func filteredChunks<T: HDF5Element>(of values: NDArray<T>, storage: HDF5StorageOptions,
                                               filtering: HDF5ChunkFiltering) -> FilteredChunks? {
        guard case .parallel(let threads) = filtering, let level = storage.deflateLevel,
              let runLength = contiguousChunkLength(shape: values.shape, chunks: storage.chunks),
              let rows = storage.chunks?.first, values.values.count / runLength >= 1
        else { return nil }
        let stored = filteredChunks(values.values, runLength: runLength, shuffle: storage.shuffle, level: min(9, max(0, level)),
                                    checksum: storage.checksum, threads: threads)
        return FilteredChunks(rowsPerChunk: rows, stored: stored)
    }

    /// Elements per chunk when every chunk is one contiguous run of a row-major array of `shape`
    /// (chunk `[r, full, full…]`; the last chunk may hold fewer than `r` rows); nil otherwise.
    static func contiguousChunkLength(shape: [Int], chunks: [Int]?) -> Int? {
        guard let chunks, chunks.count == shape.count, !shape.isEmpty, shape.allSatisfy({ $0 > 0 }),
              chunks[0] > 0, chunks[0] <= shape[0], zip(chunks.dropFirst(), shape.dropFirst()).allSatisfy({ $0 >= $1 })
        else { return nil }
        return shape.dropFirst().reduce(chunks[0], *)
    }

    /// Each whole chunk of `values` (runs of `runLength` elements) as HDF5's pipeline would store it,
    /// filtered on up to `threads` threads, each with one compressor and scratch buffer for all its
    /// chunks; nil for a chunk that did not shrink under deflate.
    static func filteredChunks<T: HDF5Element>(_ values: [T], runLength: Int, shuffle: Bool, level: Int, checksum: Bool,
                                               threads: Int) -> [[UInt8]?] {
        let elementSize = MemoryLayout<T>.stride, length = runLength * elementSize
        let capacity = orrery_filtered_chunk_capacity(length)
        return values.withUnsafeBytes { all -> [[UInt8]?] in
            nonisolated(unsafe) let source = all
            return parallelDrain(values.count / runLength, threads: threads) { next, deliver in
                let scratch = UnsafeMutablePointer<UInt8>.allocate(capacity: length), deflater = orrery_deflater_create(Int32(level))
                defer { scratch.deallocate(); orrery_deflater_free(deflater) }
                // A chunk equal to this worker's previous one (the same sample times in every row, say) is stored the same.
                var previous: (index: Int, output: [UInt8]?)? = nil
                while let index = next() {
                    let chunk = source.baseAddress! + index * length
                    if let (last, output) = previous, memcmp(chunk, source.baseAddress! + last * length, length) == 0 {
                        deliver(index, output)
                        continue
                    }
                    var output = [UInt8](repeating: 0, count: capacity)
                    let stored = output.withUnsafeMutableBufferPointer { out in
                        orrery_filter_chunk(deflater, chunk, length, elementSize, shuffle ? 1 : 0, checksum ? 1 : 0, scratch,
                                            out.baseAddress, capacity)
                    }
                    output.removeLast(capacity - stored)
                    previous = (index, stored > 0 ? output : nil)
                    deliver(index, previous!.output)
                }
            }
        }
    }
}
