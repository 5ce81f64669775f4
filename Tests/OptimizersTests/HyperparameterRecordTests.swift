import Foundation
import Testing
import Optimizers

@Suite("Presets, records, schedules, clipping")
struct HyperparameterRecordTests {
    @Test("0.2.x preset: lr 1e-3, betas (0.9, 0.999), eps 1e-16, decoupled, rectified, SGD branch")
    func pytorch021Preset() {
        let h = AdaBeliefConfiguration.pytorch021.hyperparameters.numericDictionary
        #expect(h == [
            "lr": 1e-3, "beta1": 0.9, "beta2": 0.999, "eps": 1e-16, "weight_decay": 0, "weight_decouple": 1,
            "fixed_decay": 0, "rectify": 1, "degenerated_to_sgd": 1, "amsgrad": 0,
        ])
    }

    @Test("paper preset: eps 1e-8, no decoupling, no rectification")
    func paperPreset() {
        let h = AdaBeliefConfiguration.paper.hyperparameters.numericDictionary
        #expect(h["eps"] == 1e-8)
        #expect(h["weight_decouple"] == 0)
        #expect(h["rectify"] == 0)
    }

    @Test("every configuration survives a JSON round trip and names every stored property")
    func codable() throws {
        let specs: [OptimizerSpecification] = [.adaBelief(.pytorch021), .adam(.adamW), .radam(.torch),
                                               .sgd(.momentum(learningRate: 0.01))]
        for s in specs {
            let back = try JSONDecoder().decode(OptimizerSpecification.self, from: JSONEncoder().encode(s))
            #expect(back == s)
            // Every stored property appears in the record (plus "optimizer" and "reference").
            let stored = Mirror(reflecting: s.configuration).children.count
            #expect(s.hyperparameters.count == stored + 2, "\(s.optimizerName)")
        }
        #expect(AdaBeliefConfiguration.pytorch021.summary.hasPrefix("AdaBelief(lr=0.001, beta1=0.9"))
    }

    @Test("schedules follow the closed forms")
    func schedules() {
        #expect(LearningRateSchedule.constant.learningRate(base: 0.1, completedSteps: 50) == 0.1)
        #expect(LearningRateSchedule.exponential(gamma: 0.5).learningRate(base: 1, completedSteps: 3) == 0.125)
        let step = LearningRateSchedule.step(stepSize: 10, gamma: 0.1)
        #expect(step.learningRate(base: 1, completedSteps: 9) == 1)
        #expect(step.learningRate(base: 1, completedSteps: 10) == 0.1)
        let cosine = LearningRateSchedule.cosine(totalSteps: 100, minimum: 0.01)
        #expect(cosine.learningRate(base: 1, completedSteps: 0) == 1)
        #expect(abs(cosine.learningRate(base: 1, completedSteps: 50) - 0.505) < 1e-15)
        #expect(cosine.learningRate(base: 1, completedSteps: 100) == 0.01)
        #expect(cosine.learningRate(base: 1, completedSteps: 250) == 0.01)
    }

    @Test("global-norm clipping scales long gradients to the bound and leaves short ones")
    func clipping() throws {
        let clip = try GlobalNormClipping(maxNorm: 1)
        var g = [3.0, 4.0]
        #expect(clip.clip(&g) == 5)
        #expect(g == [0.6000000000000001, 0.8])
        var short = [0.3, 0.4]
        #expect(clip.clip(&short) == 0.5)
        #expect(short == [0.3, 0.4])
    }
}
