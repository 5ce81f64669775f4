import Physics
import Testing

@Suite("Three-body presets and invariants")
struct PresetTests {
    @Test("every preset starts with zero total momentum where it should, and bound")
    func presetsAreBound() {
        for preset in ThreeBodyPreset.allCases {
            let configuration = preset.configuration(seed: 3, index: 1)
            let invariants = configuration.invariants
            #expect(invariants.energy < 0, "\(preset.rawValue) is not bound")
            #expect(configuration.initialState.count == 18)
            if preset != .acaPaper {
                #expect(invariants.linearMomentum.allSatisfy { abs($0) < 1e-8 }, "\(preset.rawValue): \(invariants.linearMomentum)")
            }
        }
    }

    @Test("the ACA preset's energy matches the paper's script in its own units")
    func acaEnergy() {
        // The script's energy is K2·KE(v) + K1·PE; in the Newtonian form (G = K1·K2, u = K2·v) that is E / K2.
        let invariants = ThreeBodyPreset.acaPaper.configuration().invariants
        #expect(abs(invariants.energy / ThreeBodyPreset.acaK2 - (-0.98343463)) < 1e-8)
    }

    @Test("random configurations: same (seed, index), same system; bound, centred, well separated")
    func randomConfigurations() {
        for index in 0..<50 {
            let a = ThreeBodyPreset.randomConfiguration(seed: 9, index: index)
            #expect(a == ThreeBodyPreset.randomConfiguration(seed: 9, index: index))
            #expect(a != ThreeBodyPreset.randomConfiguration(seed: 10, index: index))
            let invariants = a.invariants
            #expect(invariants.energy < 0)
            #expect(invariants.centerOfMass.allSatisfy { abs($0) < 1e-12 })
            #expect(invariants.linearMomentum.allSatisfy { abs($0) < 1e-12 })
            #expect(a.masses.allSatisfy { (0.8...1.2).contains($0) })
        }
    }

    @Test("centre-of-mass frame removes position and velocity of the centre")
    func centerOfMassFrame() {
        let masses = [1.0, 2.0, 3.0]
        let state: [Double] = [1, 2, 3, -1, 0, 2, 0.5, 0.5, -3, 0.1, 0.2, 0.3, -0.3, 0.1, 0, 1, 1, 1]
        let shifted = NBodyInvariants.centerOfMassFrame(state: state, masses: masses)
        let invariants = NBodyInvariants(state: shifted, masses: masses, G: 1)
        #expect(invariants.centerOfMass.allSatisfy { abs($0) < 1e-15 })
        #expect(invariants.linearMomentum.allSatisfy { abs($0) < 1e-15 })
    }
}
