import Generation
import Datasets
import Foundation
import ODE
import Physics
import Testing

@Suite("Dataset generation")
struct GenerationTests {
    @Test("the figure-eight returns to its initial state after one period within 1e-6")
    func figureEightPeriod() throws {
        let configuration = ThreeBodyPreset.figureEight.configuration()
        let period = try #require(configuration.period)
        let solution = try solve(configuration.field, from: 0, to: period, initialState: configuration.initialState,
                                 parameters: configuration.parameters, method: .dormandPrince8,
                                 stepSize: .adaptive(StepSizeController(rtol: 1e-13, atol: 1e-13)))
        let final = Array(solution.state(solution.stepCount))
        let deviation = zip(final, configuration.initialState).map { abs($0 - $1) }.max()!
        #expect(deviation < 1e-6, "deviation \(deviation)")
    }

    @Test("energy, momentum and angular momentum are conserved for every preset at the default tolerances",
          arguments: ThreeBodyPreset.allCases)
    func conservation(preset: ThreeBodyPreset) throws {
        let configuration = preset.configuration(seed: 1, index: 0)
        // Each preset over its own horizon: Burrau's problem to the ejection, the ACA experiment's [0, 2].
        let tEnd = preset == .pythagorean ? 70.0 : (preset == .acaPaper ? 2.0 : 20.0)
        let recipe = DatasetRecipe(source: .threeBody(preset), count: 1, tEnd: tEnd, samples: 50, seed: 1)
        let trajectory = try recipe.trajectory(0).get()
        let start = configuration.invariants
        var worstEnergy = 0.0, worstMomentum = 0.0, worstAngular = 0.0
        for k in 0..<50 {
            let state = Array(trajectory.trueStates[(18 * k)..<(18 * k + 18)])
            let now = NBodyInvariants(state: state, masses: configuration.masses, G: configuration.G)
            worstEnergy = max(worstEnergy, abs((now.energy - start.energy) / start.energy))
            worstMomentum = max(worstMomentum, zip(now.linearMomentum, start.linearMomentum).map { abs($0 - $1) }.max()!)
            worstAngular = max(worstAngular, zip(now.angularMomentum, start.angularMomentum).map { abs($0 - $1) }.max()!)
        }
        // Pythagorean: close encounters (r ~ 1e-4) cost a little more.
        let energyBound = preset == .pythagorean ? 1e-8 : 1e-10
        #expect(worstEnergy < energyBound, "\(preset.rawValue): relative energy drift \(worstEnergy)")
        #expect(worstMomentum < 1e-10, "\(preset.rawValue): momentum drift \(worstMomentum)")
        #expect(worstAngular < 1e-9, "\(preset.rawValue): angular momentum drift \(worstAngular)")
    }

    @Test("default generation is ground truth: figure-eight over 10 periods vs a tighter reference")
    func groundTruth() throws {
        let configuration = ThreeBodyPreset.figureEight.configuration()
        let tEnd = 10 * configuration.period!
        let recipe = DatasetRecipe(source: .threeBody(.figureEight), count: 1, tEnd: tEnd, samples: 200)
        let trajectory = try recipe.trajectory(0).get()
        // Reference: same method at rtol = atol = 1e-15 (a tighter solve).
        let reference = try solve(configuration.field, from: 0, to: tEnd, initialState: configuration.initialState,
                                  parameters: configuration.parameters, method: .dormandPrince8,
                                  stepSize: .adaptive(StepSizeController(rtol: 1e-15, atol: 1e-15)),
                                  options: SolveOptions(saveAt: trajectory.times))
        var positionError = 0.0, energyDrift = 0.0
        let e0 = configuration.invariants.energy
        for k in trajectory.times.indices {
            for c in 0..<9 { positionError = max(positionError, abs(trajectory.trueStates[18 * k + c] - reference.savedStates[18 * k + c])) }
            let state = Array(trajectory.trueStates[(18 * k)..<(18 * k + 18)])
            energyDrift = max(energyDrift, abs(NBodyInvariants(state: state, masses: [1, 1, 1], G: 1).energy / e0 - 1))
        }
        #expect(positionError <= 1e-8, "position error \(positionError)")
        #expect(energyDrift <= 1e-10, "energy drift \(energyDrift)")
    }

    @Test("1 and 2 threads, and shards, give the same trajectories bit for bit")
    func determinism() throws {
        let recipe = DatasetRecipe(source: .threeBody(.random), count: 12, tEnd: 3, samples: 20, sampling: .uniform,
                                   observation: ObservationModel(noise: 0.01, missingFraction: 0.1), seed: 7)
        let one = try DatasetGenerator(recipe: recipe, threads: 1).generate().dataset!
        let two = try DatasetGenerator(recipe: recipe, threads: 2).generate().dataset!
        #expect(one.states.values.map(\.bitPattern) == two.states.values.map(\.bitPattern))
        #expect(one.times == two.times && one.mask == two.mask && one.parameters == two.parameters)
        let shard = try DatasetGenerator(recipe: recipe, threads: 2).generate(ids: 4..<8).dataset!
        #expect(shard.trajectoryIDs == [4, 5, 6, 7])
        #expect(shard.states.values.map(\.bitPattern) == Array(one.states.values[(4 * 20 * 18)..<(8 * 20 * 18)]).map(\.bitPattern))
    }

    @Test("time-series systems follow their equations: the spiral matches its exact solution")
    func spiralExact() throws {
        let recipe = DatasetRecipe(source: .timeSeries(.spiral), count: 3, tEnd: 10, samples: 30, sampling: .uniform, seed: 3)
        let dataset = try DatasetGenerator(recipe: recipe, threads: 2).generate().dataset!
        for b in 0..<3 {
            let z0 = [dataset.initialStates[b, 0], dataset.initialStates[b, 1]]
            for n in 0..<30 {
                let t = dataset.times[b, n]
                let decay: Double = exp(-0.1 * t), c: Double = cos(2 * t), s: Double = sin(2 * t)
                let exact0: Double = decay * (c * z0[0] + s * z0[1])
                let exact1: Double = decay * (-s * z0[0] + c * z0[1])
                #expect(abs(dataset.states[b, n, 0] - exact0) < 1e-10)
                #expect(abs(dataset.states[b, n, 1] - exact1) < 1e-10)
            }
        }
        for system in TimeSeriesSystem.allCases {
            let recipe = DatasetRecipe(source: .timeSeries(system), count: 2, tEnd: system.defaultTEnd, samples: 10, seed: 1)
            let dataset = try DatasetGenerator(recipe: recipe, threads: 1).generate().dataset!
            #expect(dataset.stateDimension == system.dimension)
            #expect(dataset.states.values.allSatisfy { $0.isFinite })
        }
    }

    @Test("a head-on collision fails fast with its id and reason; skip keeps the others, abort throws")
    func failures() throws {
        // Bodies 1 and 2 start at rest 2 apart: they collide at t = π/2 · √(1/(G(m1+m2))) · … < 2.
        let collision = NBodyConfiguration(name: "head-on", masses: [1, 1, 1e-3], G: 1,
                                           initialState: [-1, 0, 0, 1, 0, 0, 0, 50, 0] + [Double](repeating: 0, count: 9))
        let recipe = DatasetRecipe(source: .configurations([ThreeBodyPreset.figureEight.configuration(), collision]),
                                   count: 2, tEnd: 5, samples: 10)
        let clock = ContinuousClock()
        let started = clock.now
        let skipped = try DatasetGenerator(recipe: recipe, threads: 2, onFailure: .skip).generate()
        #expect(clock.now - started < .seconds(5))
        #expect(skipped.ids == [0])
        #expect(skipped.failures.map(\.id) == [1])
        #expect(skipped.failures[0].reason.contains("step size underflow"))
        #expect(skipped.dataset?.trajectoryIDs == [0])
        #expect(throws: GenerationFailure.self) { _ = try DatasetGenerator(recipe: recipe, threads: 2, onFailure: .abort).generate() }
    }
}
