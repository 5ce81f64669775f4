import Datasets
import Testing

/// Sample-time files, initial states as text, sampling names: what commands read from their flags.
@Suite("Text inputs of datasets")
struct TextInputTests {
    @Test("sample times: bare numbers in any separator, or a CSV's t column; strictly increasing and finite")
    func sampleTimes() throws {
        #expect(try SampleTimesFile.parse("0, 0.5\n1 2\t3\n") == [0, 0.5, 1, 2, 3])
        #expect(try SampleTimesFile.parse("trajectory,t,x\n0,0.25,9\n0,0.75,8\n") == [0.25, 0.75])
        #expect(throws: DatasetError(file: "f", "the header has no t column")) { try SampleTimesFile.parse("a,b\n1,2\n", file: "f") }
        #expect(throws: DatasetError(file: "f", "the times must be strictly increasing")) { try SampleTimesFile.parse("1\n1\n", file: "f") }
        #expect(throws: DatasetError(file: "f", "'inf' is not a finite number")) { try SampleTimesFile.parse("1\ninf\n", file: "f") }
        #expect(throws: DatasetError(file: "f", "holds no times")) { try SampleTimesFile.parse("\n", file: "f") }
        #expect(throws: DatasetError.self) { try SampleTimesFile.read("/nonexistent/times.txt") }
    }

    @Test("an initial state by label in any order, or by position; missing, unknown and repeated labels are named")
    func initialState() throws {
        let labels = ["S", "I", "R"]
        #expect(try InitialStateTable.state(parsing: "R=0, S=0.99, I=0.01", labels: labels) == [0.99, 0.01, 0])
        #expect(try InitialStateTable.state(parsing: "1,2,3", labels: labels) == [1, 2, 3])
        #expect(throws: DatasetError(file: "initial state", "missing R")) { try InitialStateTable.state(parsing: "S=1,I=2", labels: labels) }
        #expect(throws: DatasetError(file: "initial state", "unknown state 'Q'; the states are S, I, R")) {
            try InitialStateTable.state(parsing: "Q=1", labels: labels)
        }
        #expect(throws: DatasetError(file: "initial state", "S given twice")) { try InitialStateTable.state(parsing: "S=1,S=2", labels: labels) }
        #expect(throws: DatasetError(file: "initial state", "2 values for 3 states (S, I, R)")) { try InitialStateTable.state(parsing: "1,2", labels: labels) }
    }

    @Test("sampling names")
    func samplingNames() {
        #expect(TimeSampling(named: "regular", rate: 1) == .regular)
        #expect(TimeSampling(named: "irregular", rate: 1) == .uniform)
        #expect(TimeSampling(named: "poisson", rate: 3) == .poisson(rate: 3))
        #expect(TimeSampling(named: "uniform", rate: 1) == nil)
        #expect(TimeSampling.names.allSatisfy { TimeSampling(named: $0, rate: 1) != nil })
    }
}
