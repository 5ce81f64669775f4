import Testing
import ODE
import Foundation

/// Orders measured from data: fitted log-error slopes on `LinearTestProblem` over [0, 2].
@Suite("Convergence order")
struct ConvergenceTests {
    static let t1 = 2.0

    /// Step counts growing by 2^¼ (up to 65 536 steps); the slope is fitted on the six finest
    /// runs whose error lies in [1e-13, 1e-2]: asymptotic, and well above roundoff (~1e-15 here).
    /// (Tsit5's small principal error coefficient makes its pre-asymptotic range long.)
    static func sweep(_ tableau: ButcherTableau, error: (Int) throws -> Double) rethrows -> (h: [Double], err: [Double]) {
        var hs: [Double] = [], errs: [Double] = []
        var k = 0
        while true {
            let steps = Int((4 * exp2(Double(k) / 4)).rounded())
            k += 1
            if steps > 65_536 { break }
            let err = try error(steps)
            if err > 1e-2 { continue }
            if err < 1e-13 { break }
            hs.append(t1 / Double(steps))
            errs.append(err)
        }
        return (Array(hs.suffix(6)), Array(errs.suffix(6)))
    }

    @Test("final-time error slope within ±0.2 of the order, every method, fixed steps", arguments: ButcherTableau.all)
    func fixedStepOrder(tableau: ButcherTableau) throws {
        let exact = LinearTestProblem.exact(Self.t1)
        let data = try Self.sweep(tableau) { steps in
            let sol = try solve(LinearTestProblem(), from: 0, to: Self.t1, initialState: LinearTestProblem.exact(0),
                                method: tableau, stepSize: .fixed(dt: Self.t1 / Double(steps)))
            #expect(sol.stepCount == steps)
            return maxAbsDifference(sol.finalState, exact)
        }
        try #require(data.h.count >= 3, "\(tableau.name): too few points in range: \(data.err)")
        let slope = logLogSlope(data.h, data.err)
        print("order \(tableau.name): slope \(slope) (claimed \(tableau.order)) over \(data.h.count) runs, err \(data.err.first!)…\(data.err.last!)")
        #expect(abs(slope - Double(tableau.order)) <= 0.2, "\(tableau.name): slope \(slope)")
    }

    @Test("dense-output error slope within ±0.2 of min(p, q + 1), every method", arguments: ButcherTableau.all)
    func denseOutputOrder(tableau: ButcherTableau) throws {
        let expected = min(tableau.order, tableau.denseOutput.order + 1)
        let data = try Self.sweep(tableau) { steps in
            let sol = try solve(LinearTestProblem(), from: 0, to: Self.t1, initialState: LinearTestProblem.exact(0),
                                method: tableau, stepSize: .fixed(dt: Self.t1 / Double(steps)),
                                options: SolveOptions(storeDenseOutput: true))
            // Interior points of every step, at θ = 0.3 and θ = 0.7 (irregular within the grid).
            var queries: [Double] = []
            for i in 0..<sol.stepCount {
                queries.append(sol.times[i] + 0.3 * sol.stepSizes[i])
                queries.append(sol.times[i] + 0.7 * sol.stepSizes[i])
            }
            let values = try sol.evaluate(at: queries)
            var err = 0.0
            for (q, t) in queries.enumerated() {
                err = max(err, maxAbsDifference(values[(3 * q)..<(3 * q + 3)], LinearTestProblem.exact(t)))
            }
            return err
        }
        try #require(data.h.count >= 3, "\(tableau.name): too few points in range: \(data.err)")
        let slope = logLogSlope(data.h, data.err)
        print("dense \(tableau.name): slope \(slope) (expected \(expected)) over \(data.h.count) runs")
        #expect(abs(slope - Double(expected)) <= 0.2, "\(tableau.name): dense slope \(slope)")
    }
}
