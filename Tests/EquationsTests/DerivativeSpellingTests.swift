import Equations
import Testing

/// `d(x)/dt`, `dx/dt` and `x'` are one statement: the same states, parameters and field, to the bit.
@Suite struct DerivativeSpellingTests {
    private func field(_ model: EquationModel, _ y: [Double], _ p: [Double]) -> [Double] {
        var dy = [Double](repeating: .nan, count: y.count)
        y.withUnsafeBufferPointer { y in p.withUnsafeBufferPointer { p in dy.withUnsafeMutableBufferPointer { model.evaluate(t: 0.3, y: y, parameters: p, into: $0) } } }
        return dy
    }

    @Test("three spellings of a damped oscillator with an intermediate give the same model")
    func spellings() throws {
        let sources = [
            "force = -k*x - c*v\nd(x)/dt = v\nd(v)/dt = force",
            "force = -k*x - c*v\ndx/dt = v\ndv/dt = force",
            "force = -k*x - c*v\nx' = v\nv' = force",
            "force = -k*x - c*v; dx / dt = v; v ' = force",
        ]
        let reference = try EquationModel(source: sources[0])
        #expect(reference.stateNames == ["x", "v"] && reference.parameterNames == ["k", "c"])
        for source in sources.dropFirst() {
            let model = try EquationModel(source: source)
            #expect(model.stateNames == reference.stateNames && model.parameterNames == reference.parameterNames)
            #expect(field(model, [0.7, -1.1], [2.5, 0.3]) == field(reference, [0.7, -1.1], [2.5, 0.3]))
            #expect(field(model, [0.7, -1.1], [2.5, 0.3]) == [-1.1, -2.5 * 0.7 + 0.3 * 1.1])
        }
    }

    @Test("a state whose name starts with d, and mistakes, are reported where they are")
    func edges() throws {
        #expect(try EquationModel(source: "ddose/dt = -k*dose").stateNames == ["dose"])
        #expect(try EquationModel(source: "d(d)/dt = -d").stateNames == ["d"])
        #expect(throws: EquationError(.unexpectedToken(found: "\"'\"", expected: "\";\" or end of line"), line: 1, column: 11)) {
            try EquationModel(source: "x' = v + x'")
        }
        #expect(throws: EquationError(.duplicateDerivative("x"), line: 2, column: 1)) { try EquationModel(source: "dx/dt = 1\nx' = 2") }
        #expect(throws: EquationError(.noEquations, line: 0, column: 0)) { try EquationModel(source: "# nothing") }
    }
}
