import Foundation
import HDF5Kit
import TestSupport
import Testing

@Suite("Virtual datasets")
struct VirtualDatasetTests {
    @Test("a virtual dataset stitches blocks from two files; Swift and h5py read the whole")
    func stitch() throws {
        let directory = try TestSupport.temporaryDirectory()
        for (index, name) in ["a.h5", "b.h5"].enumerated() {
            try HDF5File.writeAtomically(to: directory.appendingPathComponent(name).path) { file in
                let values = (0..<(2 * index + 2) * 3).map { Double(100 * index + $0) }
                try file.root.write(NDArray(shape: [2 * index + 2, 3], values: values), to: "x")
            }
        }
        let merged = directory.appendingPathComponent("merged.h5").path
        try HDF5File.writeAtomically(to: merged) { file in
            try file.root.createVirtualDataset("x", of: Double.self, shape: [6, 3], sources: [
                HDF5VirtualSource(file: "a.h5", dataset: "/x", shape: [2, 3], offset: [0, 0]),
                HDF5VirtualSource(file: "b.h5", dataset: "/x", shape: [4, 3], offset: [2, 0]),
            ])
        }
        let expected = (0..<6).map(Double.init) + (0..<12).map { Double(100 + $0) }
        // The working directory is not the files' folder: sources resolve next to the virtual file.
        let file = try HDF5File.open(merged)
        #expect(try file.root.dataset("x").isVirtual)
        #expect(try file.root.read("x", as: Double.self).values == expected)
        let read = try JSONSerialization.jsonObject(with: Data(try TestSupport.runPython("h5py_read.py", [merged]).utf8)) as! [String: Any]
        let x = (read["datasets"] as! [String: [String: Any]])["/x"]!
        #expect((x["values"] as! [String]).map { Double($0)! } == expected)
        #expect(throws: HDF5Error.self) {
            try HDF5File.writeAtomically(to: directory.appendingPathComponent("bad.h5").path) { file in
                try file.root.createVirtualDataset("x", of: Double.self, shape: [3, 3], sources: [
                    HDF5VirtualSource(file: "b.h5", dataset: "/x", shape: [4, 3], offset: [0, 0]),
                ])
            }
        }
    }
}
