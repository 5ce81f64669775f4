import Datasets
import Foundation
import TestSupport
import Testing

/// `InitialStateTable.namesFile`: whether `--initial-state` text is a file of states or one state written out.
@Suite("Initial-state text or file")
struct InitialStateSourceTests {
    @Test("file names by extension (any case) or an existing path are files; states written out are not")
    func classifies() throws {
        for text in ["starts.csv", "STARTS.CSV", "a/b.h5", "x.hdf5"] { #expect(InitialStateTable.namesFile(text), "\(text)") }
        for text in ["x=1,y=0.5", "1,2,3", "csv", "x=1.h5e"] { #expect(!InitialStateTable.namesFile(text), "\(text)") }
        let directory = try TestSupport.temporaryDirectory().path
        let plain = directory + "/states"
        #expect(!InitialStateTable.namesFile(plain))
        try Data("x,y\n1,2\n".utf8).write(to: URL(fileURLWithPath: plain))
        #expect(InitialStateTable.namesFile(plain))
        // What a file-named text reads, and what written-out text parses to, agree on the same state.
        let csv = directory + "/states.csv"
        try Data("y,x\n2,1\n".utf8).write(to: URL(fileURLWithPath: csv))
        let table = try InitialStateTable.read(from: csv, labels: ["x", "y"])
        #expect(table.states == [try InitialStateTable.state(parsing: "x=1,y=2", labels: ["x", "y"])])
    }
}
