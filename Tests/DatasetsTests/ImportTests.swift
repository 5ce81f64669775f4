import Datasets
import Foundation
import HDF5Kit
import TestSupport
import Testing

@Suite("Importing foreign HDF5 and CSV")
struct ImportTests {
    @Test("any HDF5 file, by naming its time and state datasets")
    func foreignHDF5() throws {
        let path = try TestSupport.temporaryDirectory().appendingPathComponent("foreign.h5").path
        try HDF5File.writeAtomically(to: path) { file in
            let root = try file.root
            try root.write(NDArray([0.0, 0.5, 1.5]), to: "sim/time")
            try root.write(NDArray(shape: [3, 2], values: [1, 2, 3, .nan, 5, 6]), to: "sim/y")
            try root.write(NDArray([0.0, 1.0, 0.5]), to: "sim/unsorted")
        }
        let dataset = try TrajectoryDataset.read(from: path, timePath: "sim/time", statePath: "sim/y")
        #expect(dataset.trajectoryCount == 1 && dataset.sampleCount == 3 && dataset.stateDimension == 2)
        #expect(!dataset.isObserved(0, 1, 1))
        #expect(dataset.initialStates.values == [1, 2])
        #expect(dataset.initialTimes == [0])
        func message(_ body: () throws -> Void) -> String {
            do { try body(); return "no error" } catch { return String(describing: error) }
        }
        #expect(message { _ = try TrajectoryDataset.read(from: path, timePath: "sim/t", statePath: "sim/y") }
            .contains("no dataset sim/t (given as the time dataset)"))
        #expect(message { _ = try TrajectoryDataset.read(from: path, timePath: "sim/unsorted", statePath: "sim/y") }
            .contains("not strictly increasing"))
        #expect(message { _ = try TrajectoryDataset.read(from: path, timePath: "sim/y", statePath: "sim/time") }
            .contains("expected (N,) with (N, D)"))
    }

    @Test("CSV: header labels kept, trajectories grouped, missing cells become NaN")
    func csv() throws {
        let directory = try TestSupport.temporaryDirectory()
        let path = directory.appendingPathComponent("data.csv")
        try """
            trajectory,t,prey,predator
            a,0.0,1.0,2.0
            a,1.0,,2.5
            b,0.5,3.0,4.0
            b,0.0,3.5,NaN
            a,2.0,1.5,3.0
            b,1.0,2.0,1.0

            """.write(to: path, atomically: true, encoding: .utf8)
        let dataset = try TrajectoryDataset.readCSV(from: path.path)
        #expect(dataset.trajectoryCount == 2 && dataset.sampleCount == 3 && dataset.stateDimension == 2)
        #expect(dataset.metadata.stateLabels == ["prey", "predator"])
        #expect(dataset.times.values == [0, 1, 2, 0, 0.5, 1])
        #expect(!dataset.isObserved(0, 1, 0) && !dataset.isObserved(1, 0, 1))
        #expect(dataset.states[1, 1, 0] == 3.0)
        #expect(dataset.initialStates.values == [1, 2, 3.5, 4])
        #expect(dataset.initialTimes == [0, 0])
    }

    @Test("CSV errors name the file, the row and the problem", arguments: [
        ("t,x\n0,1\n1,abc\n", "row 3, column \"x\": \"abc\" is not a number"),
        ("tau,x\n0,1\n", "no time column (t or time, any case, a unit in brackets allowed) in the header (tau, x)"),
        ("t,x\n0,1\n1\n", "row 3 has 1 cells"),
        ("t,x\n", "no data rows"),
        ("t,x\n0,1\n0,2\n", "t = 0 occurs 2 times: if the file holds several trajectories, put each one's id in a column named \"trajectory\""),
        ("trajectory,t,x\na,0,1\na,1,2\nb,0,1\n", "trajectory \"b\" has 1 row and cannot be padded"),
        ("t,x\n0,\n1,nan\n", "every entry of /state is missing"),
    ])
    func csvErrors(content: String, expected: String) throws {
        let path = try TestSupport.temporaryDirectory().appendingPathComponent("bad.csv")
        try content.write(to: path, atomically: true, encoding: .utf8)
        do {
            _ = try TrajectoryDataset.readCSV(from: path.path)
            Issue.record("no error for \(content)")
        } catch {
            let text = String(describing: error)
            #expect(text.hasPrefix(path.path), "\(text)")
            #expect(text.contains(expected), "\(text)")
        }
    }
}
