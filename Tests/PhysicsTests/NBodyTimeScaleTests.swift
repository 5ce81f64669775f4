import Foundation
import Generation
import Physics
import Testing

@Suite("NBodyTimeScale: the shortest dynamical time, and the order generation starts its solves in")
struct NBodyTimeScaleTests {
    @Test("two bodies: the free-fall time √(r³/μ) (a two-body binary's period 2π√(a³/μ) is longer, as r ≤ 2a)")
    func twoBodies() {
        // Unbound (E > 0): r = 4, μ = G(m₁ + m₂) = 1, so √(64) = 8.
        let unbound = [0.0, 0, 0, 4, 0, 0] + [0.0, -1, 0, 0, 1, 0]
        #expect(NBodyTimeScale.shortest(state: unbound, masses: [0.5, 0.5], G: 1) == 8)
        // A circular orbit of separation 2 (v_rel = √(μ/r)): √(8/1); the period 2π·2^{3/2} is longer.
        let v = (0.5).squareRoot() / 2
        let circular = [-1.0, 0, 0, 1, 0, 0] + [0.0, -v, 0, 0, v, 0]
        #expect(abs(NBodyTimeScale.shortest(state: circular, masses: [0.5, 0.5], G: 1) - 8.0.squareRoot()) < 1e-15)
        // Softening enters the separation: s² = 16 + 9 = 25, √(125).
        #expect(abs(NBodyTimeScale.shortest(state: unbound, masses: [0.5, 0.5], G: 1, softening: 3) - 125.0.squareRoot()) < 1e-13)
    }

    @Test("a bound triple: the period of the tightest binary its energy allows, a = G mᵢmⱼ/(2|E|), when shorter than every free-fall time")
    func boundTriple() {
        // A circular binary of unit masses and separation 1 (v_rel = √(μ/r) = √2) and a light body 10 away at rest.
        let v = (0.5).squareRoot()
        let state = [-0.5, 0, 0, 0.5, 0, 0, 10, 0, 0] + [0.0, -v, 0, 0, v, 0, 0, 0, 0]
        let masses = [1.0, 1, 0.01]
        let energy = NBodyInvariants(state: NBodyInvariants.centerOfMassFrame(state: state, masses: masses), masses: masses, G: 1).energy
        #expect(energy < -0.5 && energy > -0.51)
        // Light–heavy pair: a = 0.01/(2|E|) ≈ 0.01, period 2π√(a³/1.01) ≈ 6.2·10⁻³ — far below the binary's
        // free-fall time 1/√2 and the light body's ≈ 31.
        let a = 0.01 / (-2 * energy)
        let expected = 2 * Double.pi * (a * a * a / 1.01).squareRoot()
        #expect(abs(NBodyTimeScale.shortest(state: state, masses: masses, G: 1) - expected) < 1e-15)
        // A massless body forms no binary: then the heavy pair's free-fall time 1/√2.
        let massless = NBodyTimeScale.shortest(state: state, masses: [1, 1, 0], G: 1)
        #expect(abs(massless - (0.5).squareRoot()) < 1e-15)
        #expect(NBodyTimeScale.shortest(state: state.enumerated().map { $0.offset == 4 ? .nan : $0.element }, masses: masses, G: 1).isNaN)
    }

    @Test("generation starts the solves shortest time scale first, every trajectory once, shards included")
    func startOrder() throws {
        let recipe = DatasetRecipe(source: .threeBody(.random), count: 40, tEnd: 20, samples: 10)
        for (first, count) in [(0, 40), (13, 9)] {
            let order = DatasetGenerator.startOrder(recipe, first: first, count: count)
            #expect(order.sorted() == Array(0..<count))
            let scales = order.map { index -> Double in
                let c = ThreeBodyPreset.random.configuration(seed: recipe.seed, index: first + index)
                return NBodyTimeScale.shortest(state: c.initialState, masses: c.masses, G: c.G)
            }
            #expect(zip(scales, scales.dropFirst()).allSatisfy { $0 <= $1 }, "\(scales)")
            #expect(order != Array(0..<count), "random systems come in an order of their own")
        }
        // Systems of equal time scales keep their index order.
        let figureEight = DatasetRecipe(source: .threeBody(.figureEight), count: 5, tEnd: 1, samples: 3)
        #expect(DatasetGenerator.startOrder(figureEight, first: 0, count: 5) == Array(0..<5))
    }
}
