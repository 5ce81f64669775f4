import Datasets
import Foundation
import HDF5Kit
import TestSupport
import Testing

/// A foreign HDF5 file's columns: named by an attribute of the state dataset, or refused with the
/// remedy when a model must be matched to unnamed columns; a transposed state is named as such.
@Suite("Importing foreign HDF5: column names and transposed states")
struct ForeignHDF5LabelTests {
    private func file(_ body: (HDF5Group) throws -> Void) throws -> String {
        let path = try TestSupport.temporaryDirectory().appendingPathComponent("mine.h5").path
        try HDF5File.writeAtomically(to: path) { try body(try $0.root) }
        return path
    }

    private func message(_ body: () throws -> Void) -> String {
        do { try body(); return "no error" } catch { return String(describing: error) }
    }

    @Test("a state_labels, labels, columns or names attribute names the columns; matching then reorders them",
          arguments: ["state_labels", "labels", "columns", "names"])
    func namedColumns(attribute: String) throws {
        let path = try file { root in
            try root.write(NDArray([0.0, 1.0]), to: "t")
            try root.write(NDArray(shape: [2, 2], values: [1, 2, 3, 4]), to: "y")
            try root.dataset("y").setAttribute(attribute, .strings(["z", "x"]))
        }
        let dataset = try TrajectoryDataset.read(from: path, timePath: "t", statePath: "y")
        #expect(dataset.metadata.stateLabels == ["z", "x"])
        let matched = try dataset.matchingStates(["x", "z"], file: path)
        #expect(matched.states.values == [2, 1, 4, 3] && matched.metadata.stateLabels == ["x", "z"])
    }

    @Test("unnamed columns cannot be matched to a model's states: the error says how to name them")
    func unnamedColumns() throws {
        let path = try file { root in
            try root.write(NDArray([0.0, 1.0]), to: "t")
            try root.write(NDArray(shape: [2, 2], values: [1, 2, 3, 4]), to: "y")
            try root.dataset("y").setAttribute("labels", .strings(["only one"]))  // wrong count: ignored
        }
        let dataset = try TrajectoryDataset.read(from: path, timePath: "t", statePath: "y")
        #expect(dataset.metadata.stateLabels == ["y0", "y1"])
        #expect(message { _ = try dataset.matchingStates(["x", "z"], file: path) }.contains(
            "the data's 2 columns have no names (read as y0, y1), so the model's states x, z cannot be matched to them: name them with "
                + "a state_labels attribute on the state dataset (h5py: f[\"y\"].attrs[\"state_labels\"] = [\"x\", \"z\"], in the file's column order)"))
        #expect(try dataset.matchingStates(["y1", "y0"], file: path).states.values == [2, 1, 4, 3])
    }

    @Test("a state stored (D, N) or (B, D, N) is reported as transposed, with the shape wanted")
    func transposed() throws {
        let path = try file { root in
            try root.write(NDArray([0.0, 1.0, 2.0]), to: "t")
            try root.write(NDArray(shape: [2, 3], values: [1, 2, 3, 4, 5, 6]), to: "yT")
            try root.write(NDArray(shape: [4, 2, 3], values: (0..<24).map(Double.init)), to: "batchT")
        }
        #expect(message { _ = try TrajectoryDataset.read(from: path, timePath: "t", statePath: "yT") }
            .contains("time t has 3 samples but state yT has 2 (shape [2, 3]); it looks transposed: store it as (N, D) = [3, 2]"))
        #expect(message { _ = try TrajectoryDataset.read(from: path, timePath: "t", statePath: "batchT") }
            .contains("time t has 3 samples but state batchT has 2 (shape [4, 2, 3]); it looks transposed: store it as (B, N, D) = [4, 3, 2]"))
    }
}
