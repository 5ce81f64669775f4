import Foundation
import ODE
import Testing

@Suite("solve with defaults")
struct SolveDefaultsTests {
    /// `y' = −k y`, exact `y(t) = y₀ e^{−kt}`.
    let decay = FunctionVectorField(dimension: 1, parameterCount: 1) { _, y, p, dy in dy[0] = -p[0] * y[0] }

    @Test("the defaulted solve and solution(t) track the exact solution at any time, within the default tolerances")
    func exponentialDecay() throws {
        let solution = try solve(decay, from: 0, to: 2, initialState: [3], parameters: [1.5])
        #expect(solution.tableau.name == ButcherTableau.dormandPrince5.name)
        for t in stride(from: 0.0, through: 2.0, by: 0.137) {
            let y = try solution(t)
            #expect(y.count == 1)
            #expect(abs(y[0] - 3 * exp(-1.5 * t)) < 1e-5, "t = \(t)")
        }
        // Tighter tolerances give a closer answer; saveAt lands on the requested times.
        let tight = try solve(decay, from: 0, to: 2, initialState: [3], parameters: [1.5], rtol: 1e-11, atol: 1e-12, saveAt: [0.5, 2])
        #expect(zip(tight.savedStates, [0.5, 2.0]).allSatisfy { abs($0 - 3 * exp(-1.5 * $1)) < 1e-9 })
        #expect(abs(try tight(1.1)[0] - 3 * exp(-1.65)) < abs(try solution(1.1)[0] - 3 * exp(-1.65)) + 1e-12)
    }

    @Test("a time outside the span is an error that names it")
    func outsideSpan() throws {
        let solution = try solve(decay, from: 0, to: 1, initialState: [1], parameters: [1])
        #expect(throws: ODEError.self) { _ = try solution(1.5) }
    }
}
