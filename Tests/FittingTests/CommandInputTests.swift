import Datasets
import Fitting
import HDF5Kit
import Models
import Testing

/// Inputs of a fit given as text: partial observation of equation models, bounds, summaries.
@Suite("Fit inputs")
struct CommandInputTests {
    @Test("observe by name or index, unobserved states started from named values; mistakes name the knob")
    func equationObservation() throws {
        let names = ["S", "I", "R"]
        let partial = try EquationObservation(observe: "I", initialState: "S=0.99,R=0", stateNames: names)
        #expect(partial.components == [1] && partial.initialStates == ["S": 0.99, "R": 0])
        #expect(try EquationObservation(observe: "2,0,I", initialState: nil, stateNames: names).components == nil)
        #expect(try EquationObservation(observe: "R,S", initialState: nil, stateNames: names).components == [0, 2])
        #expect(try EquationObservation(observe: "all", initialState: nil, stateNames: names) == .everyState)
        #expect(throws: FitError("EquationObservation.observe: 'Q' is not a state of the equations; the states are S, I, R")) {
            try EquationObservation(observe: "Q", initialState: nil, stateNames: names)
        }
        #expect(throws: FitError.self) { try EquationObservation(observe: "I", initialState: "I=1", stateNames: names) }
        #expect(throws: FitError.self) { try EquationObservation(observe: "I,I", initialState: nil, stateNames: names) }
    }

    @Test("bounds by name with infinite ends; merged with an equation model's declared bounds, the explicit ones winning")
    func bounds() throws {
        let parsed = try ParameterBounds.parse("masses=0.5:2,G=0:inf,x=-inf:1")
        #expect(parsed == ["masses": .init(lower: 0.5, upper: 2), "G": .init(lower: 0, upper: .infinity), "x": .init(lower: -.infinity, upper: 1)])
        #expect(throws: FitError.self) { try ParameterBounds.parse("a=2:1") }
        #expect(throws: FitError("FitConfiguration.bounds: a given twice")) { try ParameterBounds.parse("a=0:1,a=0:2") }
        var specification = try EquationSpecification.inferred(source: "d(x)/dt = -k*x + c", values: ["k": 1, "c": 0], fixed: [])
        specification.parameters[0].lower = 0
        specification.parameters[1].upper = 3
        let merged = ParameterBounds.merged(["c": .init(lower: -1, upper: 1)], declaredBy: .equations(specification))
        #expect(merged == ["k": .init(lower: 0, upper: .infinity), "c": .init(lower: -1, upper: 1)])
        #expect(ParameterBounds.merged(nil, declaredBy: .nBody(bodies: 3, learn: [.masses])) == nil)
    }

    @Test("a parameter's true value is read from the data only when every trajectory shares it")
    func summaryTruth() throws {
        func dataset(masses: [Double]) -> TrajectoryDataset {
            TrajectoryDataset(times: NDArray(shape: [2, 1], values: [0, 0]), states: NDArray(shape: [2, 1, 1], values: [0, 0]),
                              initialStates: NDArray(shape: [2, 1], values: [0, 0]), parameters: ["masses": NDArray(shape: [2, 2], values: masses)],
                              metadata: DatasetMetadata(system: "x", stateLabels: ["x"]))
        }
        #expect(FitSummary.truth(named: "masses", count: 2, in: dataset(masses: [1, 2, 1, 2])) == [1, 2])
        #expect(FitSummary.truth(named: "masses", count: 2, in: dataset(masses: [1, 2, 1, 3])) == nil)
        #expect(FitSummary.truth(named: "masses", count: 3, in: dataset(masses: [1, 2, 1, 2])) == nil)
        #expect(FitSummary.truth(named: "G", count: 1, in: dataset(masses: [1, 2, 1, 2])) == nil)
    }
}
