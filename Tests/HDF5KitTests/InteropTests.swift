import Foundation
import HDF5Kit
import TestSupport
import Testing

/// Files written by h5py read back exactly here, and the reverse.
@Suite("h5py interop")
struct InteropTests {
    private func hexes(_ any: Any?) -> [UInt64] {
        (any as? [String] ?? []).map { Double($0)!.bitPattern }
    }

    @Test("a schema-v1 file written by h5py reads back bit for bit")
    func readH5pyFile() throws {
        let directory = try TestSupport.temporaryDirectory()
        let h5 = directory.appendingPathComponent("py.h5").path, manifestPath = directory.appendingPathComponent("py.json")
        _ = try TestSupport.runPython("h5py_write.py", [h5, manifestPath.path])
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: manifestPath)) as! [String: Any]
        let root = try HDF5File.open(h5).root
        #expect(try root.read("t", as: Double.self).values.map(\.bitPattern) == hexes(manifest["t"]))
        let state = try root.read("state", as: Double.self)
        #expect(state.shape == manifest["shape"] as? [Int])
        #expect(state.values.map(\.bitPattern) == hexes(manifest["state"]))
        #expect(try root.read("state_true", as: Double.self).values.map(\.bitPattern) == hexes(manifest["state_true"]))
        #expect(try root.read("mask", as: UInt8.self).values.map(Int.init) == manifest["mask"] as? [Int])
        #expect(try root.read("parameters/masses", as: Double.self).values.map(\.bitPattern) == hexes(manifest["masses"]))
        #expect(try root.read("counts", as: Int32.self).values.map(Int.init) == manifest["counts"] as? [Int])
        #expect(try root.attribute("system") == .string("three-body"))
        #expect(try root.attribute("state_labels") == .strings(["x1", "y1", "z1", "x2", "y2", "z2"]))
        #expect(try root.attribute("fixed_note") == .string("fixed-length ascii"))
        #expect(try root.attribute("unicode_note").stringValue == manifest["unicode_note"] as? String)
        #expect(try root.attribute("schema_version") == .integer(1))
        #expect(try root.attribute("rtol") == .double(1e-13))
        #expect(try root.dataset("state").chunkShape == [1, 7, 6])
        #expect(try root.dataset("state").filters == ["shuffle", "deflate(4)"])
    }

    @Test("a file written here reads back exactly in h5py")
    func writeForH5py() throws {
        let path = try TestSupport.temporaryDirectory().appendingPathComponent("swift.h5").path
        let values = (0..<60).map { Double($0).squareRoot() - 3.3 } + [.nan, -.infinity]
        try HDF5File.writeAtomically(to: path) { file in
            let root = try file.root
            try root.setAttribute("schema_version", .integer(1))
            try root.setAttribute("system", "spiral ✓")
            try root.setAttribute("state_labels", .strings(["z1", "z2"]))
            try root.setAttribute("A", .doubles([-0.1, 2, -2, -0.1]))
            try root.write(NDArray(shape: [2, 31], values: values), to: "state",
                           storage: HDF5StorageOptions(chunks: [1, 31], deflateLevel: 4, shuffle: true))
            try root.write(NDArray(shape: [2, 2], values: [UInt8(1), 0, 1, 1]), to: "mask")
            try root.write(NDArray([Int64(-3), 4]), to: "parameters/ids").setAttribute("note", "ids")
            try root.writeStrings(["a", "β"], to: "labels")
        }
        let output = try TestSupport.runPython("h5py_read.py", [path])
        let read = try JSONSerialization.jsonObject(with: Data(output.utf8)) as! [String: Any]
        let attributes = read["attributes"] as! [String: Any]
        #expect(attributes["system"] as? String == "spiral ✓")
        #expect(attributes["state_labels"] as? [String] == ["z1", "z2"])
        #expect(attributes["schema_version"] as? Int == 1)
        #expect(hexes(attributes["A"]) == [-0.1, 2, -2, -0.1].map(\.bitPattern))
        let datasets = read["datasets"] as! [String: [String: Any]]
        let state = datasets["/state"]!
        #expect(state["dtype"] as? String == "float64")
        #expect(state["shape"] as? [Int] == [2, 31])
        #expect(state["chunks"] as? [Int] == [1, 31])
        #expect(state["compression"] as? String == "gzip")
        #expect(hexes(state["values"]) == values.map(\.bitPattern))
        #expect(datasets["/mask"]?["dtype"] as? String == "uint8")
        #expect(datasets["/mask"]?["values"] as? [Int] == [1, 0, 1, 1])
        #expect(datasets["/parameters/ids"]?["values"] as? [Int] == [-3, 4])
        #expect((datasets["/parameters/ids"]?["attributes"] as? [String: Any])?["note"] as? String == "ids")
        #expect(datasets["/labels"]?["values"] as? [String] == ["a", "β"])
        #expect(read["groups"] as? [String] == ["/parameters"])
    }
}
