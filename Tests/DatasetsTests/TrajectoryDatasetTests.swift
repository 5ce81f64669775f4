import Datasets
import Foundation
import HDF5Kit
import TestSupport
import Testing

@Suite("Schema-v1 datasets")
struct TrajectoryDatasetTests {
    @Test("the example spiral follows its exact solution and round-trips through a file")
    func exampleRoundTrip() throws {
        let dataset = ExampleDataset.spiral(count: 3, samples: 40, tEnd: 10, noise: 0, seed: 11)
        // Exact solution: |z(t)| = e^{-0.1 t} |z0| (rotation times decay).
        for b in 0..<3 {
            let z0 = Array(dataset.initialStates.values[(2 * b)..<(2 * b + 2)])
            for n in 0..<40 {
                let t = dataset.times[b, n]
                let norm = hypot(dataset.states[b, n, 0], dataset.states[b, n, 1])
                #expect(abs(norm - exp(-0.1 * t) * hypot(z0[0], z0[1])) < 1e-14)
            }
        }
        let path = try TestSupport.temporaryDirectory().appendingPathComponent("spiral.h5").path
        try dataset.write(to: path)
        let read = try TrajectoryDataset.read(from: path)
        #expect(read.times == dataset.times)
        #expect(read.states == dataset.states)
        #expect(read.trueStates == dataset.trueStates)
        #expect(read.initialStates == dataset.initialStates)
        #expect(read.metadata.system == "spiral")
        #expect(read.metadata.stateLabels == ["z1", "z2"])
        #expect(read.metadata.attributes["seed"] == .integer(11))
    }

    @Test("short trajectories share chunks, the last one partial, and read back exactly here and in h5py")
    func trajectoriesShareChunks() throws {
        #expect(TrajectoryDataset.trajectoriesPerChunk(bytesPerTrajectory: 28_800, count: 1000) == 1)
        #expect(TrajectoryDataset.trajectoriesPerChunk(bytesPerTrajectory: 320, count: 100_000) == 102)
        #expect(TrajectoryDataset.trajectoriesPerChunk(bytesPerTrajectory: 320, count: 3) == 3)
        #expect(TrajectoryDataset.trajectoriesPerChunk(bytesPerTrajectory: 100_000, count: 3) == 1)
        // 7 noisy trajectories × 600 samples × 2: 9600 bytes each, so chunks of 3, 3 and 1 (padded) trajectories.
        let dataset = ExampleDataset.spiral(count: 7, samples: 600, tEnd: 10, noise: 0.01, seed: 4)
        let path = try TestSupport.temporaryDirectory().appendingPathComponent("blocks.h5").path
        try dataset.write(to: path)
        let read = try TrajectoryDataset.read(from: path)
        #expect(read.states.values.map(\.bitPattern) == dataset.states.values.map(\.bitPattern))
        #expect(read.trueStates?.values.map(\.bitPattern) == dataset.trueStates?.values.map(\.bitPattern))
        #expect(read.times.values.map(\.bitPattern) == dataset.times.values.map(\.bitPattern))
        let file = try HDF5File.open(path)
        #expect(try file.root.dataset("state").chunkShape == [3, 600, 2])
        #expect(try file.root.dataset("t").chunkShape == [6, 600])
        let last = try file.root.dataset("state").read(as: Double.self, offset: [6, 0, 0], count: [1, 600, 2])
        #expect(last.values == Array(dataset.states.values[(6 * 1200)...]))
        let h5py = try JSONSerialization.jsonObject(with: Data(try TestSupport.runPython("h5py_read.py", [path]).utf8)) as! [String: Any]
        let datasets = h5py["datasets"] as! [String: [String: Any]]
        #expect(datasets["/state"]?["chunks"] as? [Int] == [3, 600, 2])
        let hexes = (datasets["/state"]?["values"] as? [String]) ?? []
        #expect(hexes.compactMap { Double($0) }.map(\.bitPattern) == dataset.states.values.map(\.bitPattern))
    }

    @Test("same seed, same data; another seed, other data")
    func determinism() {
        let a = ExampleDataset.spiral(count: 2, samples: 10, tEnd: 5, noise: 0.1, seed: 5)
        let b = ExampleDataset.spiral(count: 2, samples: 10, tEnd: 5, noise: 0.1, seed: 5)
        let c = ExampleDataset.spiral(count: 2, samples: 10, tEnd: 5, noise: 0.1, seed: 6)
        #expect(a.states.values.map(\.bitPattern) == b.states.values.map(\.bitPattern))
        #expect(a.states != c.states)
    }

    @Test("a schema-v1 file written by h5py is read, mask and NaN included")
    func readsH5pyDataset() throws {
        let directory = try TestSupport.temporaryDirectory()
        let path = directory.appendingPathComponent("py.h5").path
        _ = try TestSupport.runPython("h5py_write.py", [path, directory.appendingPathComponent("py.json").path])
        let dataset = try TrajectoryDataset.read(from: path)
        #expect(dataset.trajectoryCount == 3 && dataset.sampleCount == 7 && dataset.stateDimension == 6)
        #expect(dataset.parameters["masses"]?.shape == [3, 3])
        #expect(dataset.metadata.system == "three-body")
        var missing = 0
        for b in 0..<3 { for n in 0..<7 { for d in 0..<6 where !dataset.isObserved(b, n, d) {
            missing += 1
            #expect(dataset.states[b, n, d].isNaN)
        } } }
        #expect(missing > 0)
    }

    @Test("bad layouts and values are rejected with the file, dataset and problem named")
    func validation() throws {
        let directory = try TestSupport.temporaryDirectory()
        func write(_ body: (HDF5Group) throws -> Void) throws -> String {
            let path = directory.appendingPathComponent("bad-\(UUID().uuidString.prefix(6)).h5").path
            try HDF5File.writeAtomically(to: path) { try body(try $0.root) }
            return path
        }
        func message(_ path: String) -> String {
            do { _ = try TrajectoryDataset.read(from: path); return "no error" } catch { return String(describing: error) }
        }
        let noTimes = try write { try $0.write(NDArray(shape: [1, 2, 1], values: [1.0, 2.0]), to: "state") }
        #expect(message(noTimes).contains("missing dataset /t"))
        let unsorted = try write {
            try $0.write(NDArray(shape: [1, 3], values: [0.0, 2.0, 1.0]), to: "t")
            try $0.write(NDArray(shape: [1, 3, 1], values: [1.0, 2.0, 3.0]), to: "state")
        }
        #expect(message(unsorted).contains("/t row 0 is not strictly increasing at sample 2"))
        let mismatched = try write {
            try $0.write(NDArray(shape: [1, 3], values: [0.0, 1.0, 2.0]), to: "t")
            try $0.write(NDArray(shape: [1, 2, 1], values: [1.0, 2.0]), to: "state")
        }
        #expect(message(mismatched).contains("/state must have shape (B, N, D) = (1, 3, D)"))
        let nanObserved = try write {
            try $0.write(NDArray(shape: [1, 2], values: [0.0, 1.0]), to: "t")
            try $0.write(NDArray(shape: [1, 2, 1], values: [1.0, .nan]), to: "state")
        }
        #expect(message(nanObserved).contains("/state[0, 1, 0] is nan but marked observed"))
        let allMissing = try write {
            try $0.write(NDArray(shape: [1, 2], values: [0.0, 1.0]), to: "t")
            try $0.write(NDArray(shape: [1, 2, 1], values: [Double.nan, .nan]), to: "state")
            try $0.write(NDArray(shape: [1, 2, 1], values: [UInt8(0), 0]), to: "mask")
        }
        #expect(message(allMissing).contains("every entry of /state is missing"))
        let wrongVersion = try write {
            try $0.setAttribute("schema_version", .integer(99))
            try $0.write(NDArray(shape: [1, 1], values: [0.0]), to: "t")
            try $0.write(NDArray(shape: [1, 1, 1], values: [1.0]), to: "state")
        }
        #expect(message(wrongVersion).contains("schema_version is 99"))
        #expect(message(noTimes).hasPrefix(noTimes))
    }

    @Test("writing an invalid dataset throws before any file appears")
    func invalidWriteLeavesNoFile() throws {
        var dataset = ExampleDataset.spiral(count: 1, samples: 3, tEnd: 1, noise: 0, seed: 1)
        dataset.times.values[2] = dataset.times.values[1]
        let path = try TestSupport.temporaryDirectory().appendingPathComponent("never.h5").path
        #expect(throws: DatasetError.self) { try dataset.write(to: path) }
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}
