import Foundation
import Testing
import ODE

@Suite("Symplectic integrators")
struct SymplecticTests {
    @Test("schemes: Σc = Σd = 1 and invalid schemes are rejected")
    func validity() {
        for scheme in SymplecticScheme.all {
            #expect(abs(scheme.drift.reduce(0, +) - 1) < 1e-14)
            #expect(abs(scheme.kick.reduce(0, +) - 1) < 1e-14)
        }
        #expect(SymplecticScheme.leapfrog.forceEvaluationsPerStep == 1)
        #expect(SymplecticScheme.velocityVerlet.forceEvaluationsPerStep == 1)
        #expect(SymplecticScheme.yoshida4.forceEvaluationsPerStep == 3)
        #expect(SymplecticScheme.yoshida6.forceEvaluationsPerStep == 7)
        #expect(throws: TableauError.self) { try SymplecticScheme(name: "bad", order: 2, drift: [0.5, 0.4], kick: [1, 0]) }
    }

    @Test("error slope within ±0.2 of the order on harmonic oscillators", arguments: SymplecticScheme.all)
    func order(scheme: SymplecticScheme) throws {
        let t1 = 5.0
        let exact = HarmonicOscillators.exact(t1)
        var hs: [Double] = [], errs: [Double] = []
        for k in 0..<40 {
            let steps = Int((8 * exp2(Double(k) / 4)).rounded())
            let run = try integrateSymplectic(HarmonicOscillators(), from: 0, positions: [1, 0.5], momenta: [0, 1],
                                              dt: t1 / Double(steps), steps: steps, scheme: scheme, saveEvery: steps)
            #expect(run.stats.functionEvaluations == scheme.forceEvaluationsPerStep * steps + (scheme.drift[0] == 0 ? 1 : 0))
            let last = run.times.count - 1
            let err = max(maxAbsDifference(run.position(last), exact.q), maxAbsDifference(run.momentum(last), exact.p))
            if err > 1e-2 { continue }
            if err < 1e-12 { break }
            hs.append(t1 / Double(steps)); errs.append(err)
        }
        let slope = logLogSlope(Array(hs.suffix(6)), Array(errs.suffix(6)))
        print("symplectic \(scheme.name): slope \(slope) (claimed \(scheme.order))")
        #expect(abs(slope - Double(scheme.order)) <= 0.2, "\(scheme.name): slope \(slope)")
    }

    @Test("figure-eight, 10 periods: energy error bounded, not growing", arguments: [SymplecticScheme.leapfrog, .yoshida4])
    func boundedEnergy(scheme: SymplecticScheme) throws {
        let period = ThreeBodyPreset.figureEightPeriod
        let perPeriod = 1000
        let x0 = ThreeBodyPreset.figureEight, m = ThreeBodyPreset.figureEightMasses
        let run = try integrateSymplectic(ThreeBodyHamiltonian(), from: 0, positions: Array(x0[0..<9]),
                                          momenta: Array(x0[9..<18]), parameters: m,
                                          dt: period / Double(perPeriod), steps: 10 * perPeriod, scheme: scheme)
        let field = ThreeBodyField()
        let e0 = field.energy(x0, masses: m)
        let drift = (0..<run.times.count).map { i in
            abs(field.energy(Array(run.position(i)) + Array(run.momentum(i)), masses: m) - e0) / abs(e0)
        }
        let half = drift.count / 2
        let early = drift[..<half].max()!, late = drift[half...].max()!
        print("symplectic \(scheme.name) figure-eight: max relative energy error periods 0–5 \(early), 5–10 \(late)")
        #expect(late < 1.1 * early, "energy error grows: \(early) → \(late)")
        #expect(late < (scheme.order == 2 ? 1e-4 : 1e-8))

        // Contrast: non-symplectic RK4 at the same force-evaluation budget drifts secularly.
        let rk4 = try solve(field, from: 0, to: 10 * period, initialState: x0, parameters: m, method: .rk4,
                            stepSize: .fixed(dt: period / Double(perPeriod) * 4 / Double(scheme.forceEvaluationsPerStep)))
        let rkDrift = (0...rk4.stepCount).map { abs(field.energy(rk4.state($0), masses: m) - e0) / abs(e0) }
        let rkHalf = rkDrift.count / 2
        #expect(rkDrift[rkHalf...].max()! > 1.5 * rkDrift[..<rkHalf].max()!)
    }

    @Test("symmetric schemes are time-reversible", arguments: SymplecticScheme.all)
    func reversibility(scheme: SymplecticScheme) throws {
        let x0 = ThreeBodyPreset.figureEight, m = ThreeBodyPreset.figureEightMasses
        let forward = try integrateSymplectic(ThreeBodyHamiltonian(), from: 0, positions: Array(x0[0..<9]),
                                              momenta: Array(x0[9..<18]), parameters: m, dt: 0.01, steps: 500,
                                              scheme: scheme, saveEvery: 500)
        let back = try integrateSymplectic(ThreeBodyHamiltonian(), from: 5, positions: Array(forward.position(1)),
                                           momenta: Array(forward.momentum(1)), parameters: m, dt: -0.01, steps: 500,
                                           scheme: scheme, saveEvery: 500)
        #expect(maxAbsDifference(back.position(1), x0[0..<9]) < 1e-11)
        #expect(maxAbsDifference(back.momentum(1), x0[9..<18]) < 1e-11)
        #expect(abs(back.times[1]) < 1e-12)
    }

    @Test("bad input and collisions give typed errors")
    func failures() {
        let sys = ThreeBodyHamiltonian(), m: [Double] = [1, 1, 1]
        #expect(throws: ODEError.invalidInput(.dimensionMismatch(name: "positions", expected: 9, actual: 3))) {
            try integrateSymplectic(sys, from: 0, positions: [0, 0, 0], momenta: [Double](repeating: 0, count: 9),
                                    parameters: m, dt: 0.1, steps: 1, scheme: .leapfrog)
        }
        #expect(throws: ODEError.invalidInput(.invalidSetting(name: "dt", value: 0, requirement: "finite and non-zero"))) {
            try integrateSymplectic(sys, from: 0, positions: [Double](repeating: 1, count: 9),
                                    momenta: [Double](repeating: 0, count: 9), parameters: m, dt: 0, steps: 1, scheme: .leapfrog)
        }
        // Two bodies on top of each other: the force is infinite/NaN at once.
        var q = ThreeBodyPreset.pythagorean
        q[3] = q[0]; q[4] = q[1]
        do {
            _ = try integrateSymplectic(sys, from: 0, positions: Array(q[0..<9]), momenta: Array(q[9..<18]),
                                        parameters: ThreeBodyPreset.pythagoreanMasses, dt: 0.01, steps: 10, scheme: .leapfrog)
            Issue.record("expected a failure")
        } catch {
            guard case .integrationFailed(let f) = error else { Issue.record("wrong error \(error)"); return }
            #expect(f.acceptedSteps == 0 && f.t == 0.01)
            if case .nonFiniteState = f.reason {} else { Issue.record("wrong reason \(f.reason)") }
        }
    }
}
