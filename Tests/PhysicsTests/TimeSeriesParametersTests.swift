import Physics
import Testing

/// `TimeSeriesSystem.parameters(parsing:)`: `orrery generate time-series --parameters` as the system's values.
@Suite("Time-series parameters from text")
struct TimeSeriesParametersTests {
    @Test("one finite number per parameter name, in the system's order")
    func parsed() throws {
        #expect(try TimeSeriesSystem.lotkaVolterra.parameters(parsing: "1.2, 0.8,1.5 ,2") == [1.2, 0.8, 1.5, 2])
        let names = TimeSeriesSystem.vanDerPol.parameterNames
        let text = names.indices.map { String(Double($0) + 0.5) }.joined(separator: ",")
        #expect(try TimeSeriesSystem.vanDerPol.parameters(parsing: text) == names.indices.map { Double($0) + 0.5 })
    }

    @Test("refused: a word, an infinity, the wrong count, and any values for three-body positions")
    func refused() {
        #expect(throws: SystemParametersError("TimeSeriesSystem.parameters(parsing:)'s text must be finite numbers (got 1,x)")) {
            try TimeSeriesSystem.spiral.parameters(parsing: "1,x")
        }
        #expect(throws: SystemParametersError.self) { try TimeSeriesSystem.spiral.parameters(parsing: "inf") }
        let names = TimeSeriesSystem.lotkaVolterra.parameterNames
        #expect(throws: SystemParametersError("TimeSeriesSystem.parameters(parsing:)'s text for lotka-volterra takes \(names.count) values: \(names.joined(separator: ", "))")) {
            try TimeSeriesSystem.lotkaVolterra.parameters(parsing: "1,2")
        }
        #expect(throws: SystemParametersError.self) { try TimeSeriesSystem.threeBody.parameters(parsing: "1") }
    }
}
