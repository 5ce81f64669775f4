import Foundation
import HDF5Kit
import TestSupport
import Testing

@Suite("HDF5Kit safety: checksums, sizes, leftovers")
struct SafetyTests {
    @Test("Orrery's own datasets carry fletcher32, and a flipped data byte is an error, not a wrong number")
    func checksums() throws {
        let path = try TestSupport.temporaryDirectory().appendingPathComponent("c.h5").path
        let values = (0..<4096).map { Double($0) * 0.5 }
        try HDF5File.writeAtomically(to: path) { file in try file.root.write(NDArray(shape: [64, 64], values: values), to: "x") }
        #expect(try HDF5File.open(path).root.dataset("x").filters == ["fletcher32"])
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        // The data are stored raw: find the bytes of 1000.5 and flip one bit of them.
        let needle = withUnsafeBytes(of: 1000.5) { Data($0) }
        let at = try #require(bytes.range(of: needle)).lowerBound
        bytes[at + 3] ^= 0x10
        try bytes.write(to: URL(fileURLWithPath: path))
        #expect(throws: HDF5Error.self) { _ = try HDF5File.open(path).root.read("x", as: Double.self) }
    }

    @Test("sizes that overflow or exceed memory are refused before allocating")
    func sizes() throws {
        #expect(throws: HDF5Error.self) { _ = try HDF5Safety.checkedCount([Int.max, 2], elementSize: 8, path: "p") }
        #expect(throws: HDF5Error.self) { _ = try HDF5Safety.checkedCount([HDF5Safety.maximumReadBytes], elementSize: 8, path: "p") }
        #expect(try HDF5Safety.checkedCount([3, 4], elementSize: 8, path: "p") == 12)
    }

    @Test("a stale temporary file of the same target (its process gone) is removed by the next write; others are kept")
    func staleTemporaryFiles() throws {
        let directory = try TestSupport.temporaryDirectory()
        let target = directory.appendingPathComponent("out.h5").path
        try HDF5File.writeAtomically(to: target) { file in try file.root.setAttribute("a", .integer(1)) }
        // Leave a temporary file the way a killed process would, by writing one and keeping a copy of it mid-write.
        var leftover = ""
        try HDF5File.writeAtomically(to: target) { file in
            let name = try FileManager.default.contentsOfDirectory(atPath: directory.path).first { $0.hasPrefix(".out.h5.tmp-") }!
            leftover = name
            try FileManager.default.copyItem(atPath: directory.appendingPathComponent(name).path, toPath: directory.appendingPathComponent("copy").path)
        }
        // Rename the copy to a temporary name of a process that no longer exists (pid 2^22 + 1 is above Linux's default pid_max).
        let parts = leftover.split(separator: "-")
        let stale = ([String(parts[0]), String(parts[1]), "4194305", "1"]).joined(separator: "-")
        try FileManager.default.moveItem(atPath: directory.appendingPathComponent("copy").path, toPath: directory.appendingPathComponent(stale).path)
        try "other".write(to: directory.appendingPathComponent(".other.h5.tmp-x-4194305-1"), atomically: false, encoding: .utf8)
        try HDF5File.writeAtomically(to: target) { file in try file.root.setAttribute("a", .integer(2)) }
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(names == [".other.h5.tmp-x-4194305-1", "out.h5"], "\(names)")
    }
}
