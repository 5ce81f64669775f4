import Foundation
import Testing
import ODE

/// Verner's 9(8) pair beyond the list-driven tableau tests: an orbit against its exact solution at tight tolerance.
@Suite("Verner 9(8)")
struct Verner9Tests {
    @Test("Kepler e = 0.6, 3 orbits at rtol = atol = 1e-13: final state and 300 dense-output points against the exact orbit")
    func keplerTight() throws {
        let orbit = KeplerOrbit(e: 0.6)
        let t1 = 3 * orbit.period
        let times = (1...300).map { t1 * Double($0) / 301 }
        let sol = try solve(KeplerField(), from: 0, to: t1, initialState: orbit.initialState, method: .verner9,
                            stepSize: .adaptive(StepSizeController(rtol: 1e-13, atol: 1e-13)),
                            options: SolveOptions(saveAt: times))
        let final = maxAbsDifference(sol.finalState, orbit.state(at: t1))
        var dense = 0.0
        for (k, t) in times.enumerated() {
            dense = max(dense, maxAbsDifference(sol.savedStates[(4 * k)..<(4 * k + 4)], orbit.state(at: t)))
        }
        // Energy E = v²/2 − 1/r = −1/2 for a = 1 at every saved point.
        var drift = 0.0
        for k in 0..<times.count {
            let s = Array(sol.savedStates[(4 * k)..<(4 * k + 4)])
            drift = max(drift, abs(0.5 * (s[2] * s[2] + s[3] * s[3]) - 1 / (s[0] * s[0] + s[1] * s[1]).squareRoot() + 0.5))
        }
        print("vern9 kepler 1e-13: final \(final), dense \(dense), energy \(drift), steps \(sol.stats.acceptedSteps)+\(sol.stats.rejectedSteps)")
        #expect(final < 1e-9)
        #expect(dense < 1e-9)
        #expect(drift < 1e-11)
        // The same orbit at 1e-10 is measurably less accurate: the tolerance, not roundoff, sets the error.
        let loose = try solve(KeplerField(), from: 0, to: t1, initialState: orbit.initialState, method: .verner9,
                              stepSize: .adaptive(StepSizeController(rtol: 1e-10, atol: 1e-10)))
        #expect(maxAbsDifference(loose.finalState, orbit.state(at: t1)) > 10 * final)
    }
}
