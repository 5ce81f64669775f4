import Foundation
import HDF5Kit
import TestSupport
import Testing

@Suite("HDF5Kit robustness", .serialized)
struct RobustnessTests {
    @Test("opening and closing files and datasets thousands of times leaks no HDF5 object")
    func noLeaks() throws {
        let path = try TestSupport.temporaryDirectory().appendingPathComponent("leak.h5").path
        do {
            let file = try HDF5File.create(at: path)
            try file.root.write(NDArray([1.0, 2.0, 3.0]), to: "g/x").setAttribute("a", "text")
            try file.close()
        }
        // Counted per file: tests in other suites may hold their own files open meanwhile.
        for iteration in 0..<3000 {
            let file = try HDF5File.open(path)
            let dataset = try file.root.group("g").dataset("x")
            _ = try dataset.read(as: Double.self)
            _ = try dataset.attribute("a")
            _ = try dataset.filters
            _ = try dataset.chunkShape
            _ = try file.tree()
            if iteration == 0 { #expect(HDF5.openObjectCount(inFileAt: path) == 2) } // the file and the dataset
        }
        #expect(HDF5.openObjectCount(inFileAt: path) == 0)
        // A file closed explicitly closes what is still open in it.
        let file = try HDF5File.open(path)
        let dataset = try file.root.dataset("g/x")
        #expect(HDF5.openObjectCount(inFileAt: path) == 2)
        try file.close()
        #expect(HDF5.openObjectCount(inFileAt: path) == 0)
        _ = dataset
    }

    @Test("a failed atomic write leaves the previous file intact and no temporary behind")
    func atomicWrite() throws {
        let directory = try TestSupport.temporaryDirectory()
        let path = directory.appendingPathComponent("data.h5").path
        try HDF5File.writeAtomically(to: path) { try $0.root.write(NDArray([1.0]), to: "v") }
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        struct Interrupted: Error {}
        #expect(throws: Interrupted.self) {
            try HDF5File.writeAtomically(to: path) { file in
                try file.root.write(NDArray([2.0, 3.0]), to: "v")
                throw Interrupted()
            }
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(try HDF5File.open(path).root.read("v", as: Double.self).values == [1.0])
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["data.h5"])
        try HDF5File.writeAtomically(to: path) { try $0.root.write(NDArray([4.0]), to: "v") }
        #expect(try HDF5File.open(path).root.read("v", as: Double.self).values == [4.0])
        #expect(throws: HDF5Error.self) {
            try HDF5File.writeAtomically(to: directory.path + "/missing/dir/x.h5") { _ in }
        }
    }

    @Test("missing, empty, random and truncated files give typed errors, never a crash")
    func corruptInputs() throws {
        let directory = try TestSupport.temporaryDirectory()
        #expect(throws: HDF5Error.fileNotFound(path: directory.path + "/absent.h5")) {
            try HDF5File.open(directory.path + "/absent.h5")
        }
        let empty = directory.appendingPathComponent("empty.h5")
        try Data().write(to: empty)
        #expect(throws: HDF5Error.notHDF5(path: empty.path)) { try HDF5File.open(empty.path) }
        let random = directory.appendingPathComponent("random.h5")
        var generator = SystemRandomNumberGenerator()
        try Data((0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) }).write(to: random)
        #expect(throws: HDF5Error.notHDF5(path: random.path)) { try HDF5File.open(random.path) }
        let whole = directory.appendingPathComponent("whole.h5").path
        try HDF5File.writeAtomically(to: whole) {
            try $0.root.write(NDArray(shape: [64, 64], values: (0..<4096).map(Double.init)), to: "big")
        }
        let bytes = try Data(contentsOf: URL(fileURLWithPath: whole))
        let truncated = directory.appendingPathComponent("truncated.h5")
        try bytes.prefix(bytes.count / 2).write(to: truncated)
        do {
            let file = try HDF5File.open(truncated.path)
            _ = try file.root.read("big", as: Double.self)
            Issue.record("reading a truncated file succeeded")
        } catch let error as HDF5Error {
            #expect(String(describing: error).contains("truncated"))
        }
    }
}
