import Foundation
import HDF5Kit
import TestSupport
import Testing

/// Chunks filtered in parallel and stored with `H5Dwrite_chunk` must give the very bytes HDF5's own
/// pipeline (shuffle, deflate, Fletcher-32) gives: committed datasets are compared by sha256.
@Suite("HDF5Kit parallel chunk filtering")
struct FilteredChunkTests {
    /// A reproducible pseudo-random sequence in [0, 1) (64-bit LCG, Knuth's MMIX constants).
    static func uniform(_ count: Int, seed: UInt64) -> [Double] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
    }

    /// Writes a file of every kind of dataset `TrajectoryDataset.write` makes, and some edge cases, filtering as `filtering` says.
    static func writeFile(_ path: String, filtering: HDF5ChunkFiltering) throws {
        let (b, n, d) = (37, 50, 6)
        let noise = uniform(b * n * d, seed: 7)
        // Smooth trajectories plus noise in the last bits, like solver output.
        let states = NDArray(shape: [b, n, d], values: (0..<(b * n * d)).map { i in
            sin(Double(i % (n * d)) * 0.01 + Double(i / (n * d))) * 3 + noise[i] * 1e-9
        })
        let times = NDArray(shape: [b, n], values: (0..<(b * n)).map { Double($0 % n) * 0.1 + noise[$0] * 1e-3 })
        let mask = NDArray(shape: [b, n, d], values: noise.map { UInt8($0 < 0.2 ? 1 : 0) })
        let ids = NDArray(shape: [40, 3], values: (0..<120).map { Int64($0 * $0) })
        // Random bytes do not shrink under deflate: HDF5's own rule decides how such chunks are stored.
        let incompressible = NDArray(shape: [8, 4096], values: uniform(8 * 4096, seed: 11).map { UInt8(Int($0 * 256)) })
        let file = try HDF5File.create(at: path, overwrite: true)
        let root = try file.root
        let perTrajectory = HDF5StorageOptions(chunks: [1, n, d], deflateLevel: 4, shuffle: true)
        try root.write(times, to: "times", storage: HDF5StorageOptions(chunks: [1, n], deflateLevel: 4, shuffle: true), filtering: filtering)
        try root.write(states, to: "states", storage: perTrajectory, filtering: filtering)
        try root.write(mask, to: "mask", storage: perTrajectory, filtering: filtering)
        // Every row the same (regular sample times): each worker compresses one and reuses it.
        let regular = NDArray(shape: [b, n], values: (0..<(b * n)).map { Double($0 % n) * 0.1 })
        try root.write(regular, to: "regular_times", storage: HDF5StorageOptions(chunks: [1, n], deflateLevel: 4, shuffle: true),
                       filtering: filtering)
        // One array under two names (a noise-free dataset's states and true states): filtered once.
        try root.write(states, to: ["twin_a", "twin_b"], storage: perTrajectory, filtering: filtering)
        try root.write(states, to: "no_checksum", storage: HDF5StorageOptions(chunks: [1, n, d], deflateLevel: 9, checksum: false), filtering: filtering)
        try root.write(states, to: "level0", storage: HDF5StorageOptions(chunks: [1, n, d], deflateLevel: 0, shuffle: true), filtering: filtering)
        try root.write(ids, to: "ids_four_rows", storage: HDF5StorageOptions(chunks: [4, 3], deflateLevel: 1, shuffle: true), filtering: filtering)
        try root.write(ids, to: "ids_untiled", storage: HDF5StorageOptions(chunks: [7, 2], deflateLevel: 4, shuffle: true), filtering: filtering)
        try root.write(incompressible, to: "incompressible", storage: HDF5StorageOptions(chunks: [1, 4096], deflateLevel: 4), filtering: filtering)
        // Rows that shrink between rows that do not: only the latter go through HDF5's pipeline.
        let mixed = NDArray(shape: [8, 4096], values: incompressible.values.enumerated().map { $0.offset / 4096 % 2 == 0 ? 0 : $0.element })
        try root.write(mixed, to: "mixed", storage: HDF5StorageOptions(chunks: [1, 4096], deflateLevel: 4), filtering: filtering)
        // The same past HDF5's 1 MiB chunk cache, which its pipeline empties as it goes.
        let randomRow: [UInt8] = Array(mixed.values[4096..<8192])
        var largeValues: [UInt8] = []
        for row in 0..<600 { largeValues += row % 3 == 0 ? randomRow : [UInt8](repeating: UInt8(row % 256), count: 4096) }
        let mixedLarge = NDArray(shape: [600, 4096], values: largeValues)
        try root.write(mixedLarge, to: "mixed_large", storage: HDF5StorageOptions(chunks: [1, 4096], deflateLevel: 4), filtering: filtering)
        // Several trajectories per chunk, the last chunk partial (37 = 3·10 + 7; 37 = 2·16 + 5).
        try root.write(states, to: "blocks", storage: HDF5StorageOptions(chunks: [10, n, d], deflateLevel: 4, shuffle: true),
                       filtering: filtering)
        try root.write(times, to: "time_blocks", storage: HDF5StorageOptions(chunks: [16, n], deflateLevel: 4, shuffle: true),
                       filtering: filtering)
        try root.write(mask, to: "mask_blocks", storage: HDF5StorageOptions(chunks: [10, n, d], deflateLevel: 4, shuffle: true),
                       filtering: filtering)
        try root.write(states, to: "checksummed")
        try file.close()
    }

    @Test("chunks filtered on 1 and 3 threads give the same file bytes as HDF5's pipeline, and read back exactly")
    func sameBytesAsLibraryPipeline() throws {
        let directory = try TestSupport.temporaryDirectory()
        let library = directory.appendingPathComponent("library.h5").path
        try Self.writeFile(library, filtering: .library)
        let expected = try Data(contentsOf: URL(fileURLWithPath: library))
        for threads in [1, 3] {
            let parallel = directory.appendingPathComponent("parallel\(threads).h5").path
            try Self.writeFile(parallel, filtering: .parallel(threads: threads))
            let bytes = try Data(contentsOf: URL(fileURLWithPath: parallel))
            #expect(bytes.count == expected.count)
            #expect(bytes == expected, "file written with \(threads) filter threads differs from HDF5's pipeline")
            // HDF5 verifies every chunk's Fletcher-32 sum on the way back and inflates it.
            let a = try HDF5File.open(library), p = try HDF5File.open(parallel)
            for name in ["times", "regular_times", "states", "twin_a", "twin_b", "no_checksum", "level0", "checksummed", "blocks", "time_blocks"] {
                let x = try a.root.read(name, as: Double.self), y = try p.root.read(name, as: Double.self)
                #expect(x.shape == y.shape && zip(x.values, y.values).allSatisfy { $0.bitPattern == $1.bitPattern }, "\(name)")
            }
            #expect(try a.root.read("mask", as: UInt8.self) == p.root.read("mask", as: UInt8.self))
            for name in ["incompressible", "mixed", "mixed_large", "mask_blocks"] {
                #expect(try a.root.read(name, as: UInt8.self) == p.root.read(name, as: UInt8.self), "\(name)")
            }
            #expect(try p.root.read("blocks", as: Double.self) == p.root.read("states", as: Double.self))
            #expect(try a.root.read("ids_four_rows", as: Int64.self) == p.root.read("ids_four_rows", as: Int64.self))
            #expect(try p.root.dataset("states").filters == ["shuffle", "deflate(4)", "fletcher32"])
        }
    }

    @Test("the parallel path reads back the values written, with checksums verified")
    func parallelRoundTrip() throws {
        let directory = try TestSupport.temporaryDirectory()
        let path = directory.appendingPathComponent("round.h5").path
        let values = NDArray(shape: [12, 30, 5], values: Self.uniform(12 * 30 * 5, seed: 3).map { $0 * 1e3 - 500 })
        do {
            let file = try HDF5File.create(at: path)
            try file.root.write(values, to: "x", storage: HDF5StorageOptions(chunks: [1, 30, 5], deflateLevel: 6, shuffle: true),
                                filtering: .parallel(threads: 4))
            try file.close()
        }
        let read = try HDF5File.open(path).root.read("x", as: Double.self)
        #expect(read.shape == values.shape)
        #expect(zip(read.values, values.values).allSatisfy { $0.bitPattern == $1.bitPattern })
        let part = try HDF5File.open(path).root.dataset("x").read(as: Double.self, offset: [5, 0, 0], count: [1, 30, 5])
        #expect(part.values == Array(values.values[(5 * 150)..<(6 * 150)]))
    }
}
