import Datasets
import Foundation
import HDF5Kit
import TestSupport
import Testing

@Suite("CSV: streaming, NUL bytes, initial states filled from later samples")
struct CSVRobustnessTests {
    private func write(_ content: Data, _ name: String = "d.csv") throws -> String {
        let url = try TestSupport.temporaryDirectory().appendingPathComponent(name)
        try content.write(to: url)
        return url.path
    }

    @Test("a NUL byte anywhere refuses the file with its line number")
    func nulBytes() throws {
        let path = try write(Data("t,x\n0,1\n1,2\u{0}5\n".utf8))
        #expect { _ = try TrajectoryDataset.readCSV(from: path) } throws: { String(describing: $0).contains("line 3 contains a NUL byte") }
    }

    @Test("a component missing at a trajectory's first sample is reported with the rule used")
    func filledInitialState() throws {
        let path = try write(Data("trajectory,t,x,y\na,0,1,\na,1,2,5\nb,0,3,4\nb,1,,\n".utf8))
        let dataset = try TrajectoryDataset.readCSV(from: path)
        #expect(dataset.initialStates.values == [1, 5, 3, 4])
        guard case .strings(let filled)? = dataset.metadata.attributes["initial_state_filled"] else { Issue.record("no report"); return }
        #expect(filled == ["trajectory 0, y: missing at the first sample (t = 0.0); took its first observed value (t = 1.0)"])
        #expect(dataset.metadata.attributes["initial_state_rule"]?.stringValue?.contains("first observed value") == true)
    }

    @Test("rows split across read blocks, CRLF endings and blank lines parse exactly like one block")
    func blocksAndLineEndings() throws {
        var text = "t , x,y\r\n"
        for k in 0..<5000 { text += "\(Double(k) * 0.25), \(Double(k).squareRoot()),\(k % 7 == 0 ? "nan" : String(-Double(k) / 3))\r\n" }
        text += "\n\n"
        let path = try write(Data(text.utf8))
        let dataset = try TrajectoryDataset.readCSV(from: path)
        #expect(dataset.sampleCount == 5000 && dataset.stateDimension == 2)
        #expect(dataset.times.values[4999] == 4999 * 0.25)
        #expect(dataset.states[0, 4997, 1] == -4997.0 / 3 && dataset.states[0, 4999, 0] == Double(4999).squareRoot())
        #expect(!dataset.isObserved(0, 7, 1) && dataset.isObserved(0, 8, 1))
    }

    @Test("trajectories with fewer rows are padded with missing rows inside their last interval, and say so")
    func raggedTrajectories() throws {
        let path = try write(Data("trajectory,t,x\na,0,1\na,1,2\na,2,3\na,3,4\nb,0.5,5\nb,2.5,6\nc,1,7\nc,1.5,8\nc,4,9\n".utf8))
        let dataset = try TrajectoryDataset.readCSV(from: path)
        #expect(dataset.trajectoryCount == 3 && dataset.sampleCount == 4)
        // b: two rows added evenly inside (0.5, 2.5); c: one inside (1.5, 4); the last row stays the last observation.
        #expect(Array(dataset.times.values[4..<8]) == [0.5, 0.5 + 2.0 / 3, 0.5 + 4.0 / 3, 2.5])
        #expect(Array(dataset.times.values[8..<12]) == [1, 1.5, 2.75, 4])
        #expect(dataset.states[1, 0, 0] == 5 && dataset.states[1, 3, 0] == 6 && dataset.states[2, 3, 0] == 9)
        #expect(dataset.isObserved(1, 0, 0) && !dataset.isObserved(1, 1, 0) && !dataset.isObserved(1, 2, 0) && dataset.isObserved(1, 3, 0))
        #expect(!dataset.isObserved(2, 2, 0) && dataset.isObserved(2, 1, 0))
        #expect((0..<4).allSatisfy { dataset.isObserved(0, $0, 0) })
        #expect(dataset.initialStates.values == [1, 5, 7])
        guard case .strings(let padded)? = dataset.metadata.attributes["rows_padded"] else { Issue.record("no report"); return }
        #expect(padded.count == 2 && padded[0].hasPrefix("trajectory \"b\": 2 row(s) of missing values added at t = 1.16667, 1.83333"))
        #expect(DataSummary(dataset: dataset, path: path).line.hasSuffix(
            "25.0 % missing (with rows of missing values padding 2 shorter trajectories; see rows_padded)"))
    }

    @Test("a one-row trajectory beside longer ones cannot be padded: the error names it and the remedy")
    func raggedSingleRow() throws {
        let path = try write(Data("trajectory,t,x\na,0,1\na,1,2\nb,0,5\n".utf8))
        #expect { _ = try TrajectoryDataset.readCSV(from: path) } throws: {
            let text = String(describing: $0)
            return text.contains("trajectory \"b\" has 1 row and cannot be padded to the 2 rows") && text.contains("add rows with empty state cells")
        }
    }
}
