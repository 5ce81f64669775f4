import Foundation
import HDF5Kit
import TestSupport
import Testing

/// `HDF5TreeReport`: a file's tree with the HDF5 version that read it, as JSON.
@Suite("HDF5TreeReport")
struct HDF5TreeReportTests {
    @Test("the JSON names the file and the library version and holds the tree: the dataset with its shape and attribute")
    func json() throws {
        let path = try TestSupport.temporaryDirectory().appendingPathComponent("tree.h5").path
        do {
            let file = try HDF5File.create(at: path)
            try file.root.write(NDArray([1.0, 2.0, 3.0]), to: "g/x").setAttribute("a", "text")
            try file.close()
        }
        let file = try HDF5File.open(path)
        let report = HDF5TreeReport(file: path, root: try file.tree())
        try file.close()
        #expect(report.hdf5Version == HDF5.libraryVersion && !report.hdf5Version.isEmpty)
        let object = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(report)) as? [String: Any])
        #expect(Set(object.keys) == ["file", "hdf5Version", "root"])
        #expect(object["file"] as? String == path)
        let group = try #require(report.root.children?.first { $0.name == "g" })
        let x = try #require(group.children?.first { $0.name == "x" })
        #expect(x.shape == [3] && x.attributes.map(\.name) == ["a"])
    }
}
