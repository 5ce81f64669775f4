import Optimizers
import Testing

/// `OptimizerSpecification.named`: a first-order optimizer by name over its published defaults.
@Suite("OptimizerSpecification.named")
struct NamedOptimizerTests {
    @Test("each name gives its family with the given hyperparameters over the defaults")
    func families() throws {
        var adaBelief = AdaBeliefConfiguration.pytorch021
        adaBelief.learningRate = 0.05
        adaBelief.beta2 = 0.99
        #expect(try OptimizerSpecification.named("adabelief", learningRate: 0.05, beta2: 0.99) == .adaBelief(adaBelief))
        var paper = AdaBeliefConfiguration.paper
        paper.learningRate = 0.05
        #expect(try OptimizerSpecification.named("adabelief-paper", learningRate: 0.05) == .adaBelief(paper))
        var adamW = AdamConfiguration.adamW
        adamW.learningRate = 0.01
        adamW.weightDecay = 0
        #expect(try OptimizerSpecification.named("adamw", learningRate: 0.01) == .adam(adamW))
        var adam = AdamConfiguration.adam
        adam.learningRate = 0.01
        #expect(try OptimizerSpecification.named("adam", learningRate: 0.01) == .adam(adam))
        var sgd = SGDConfiguration.momentum(learningRate: 0.1, momentum: 0.5)
        sgd.nesterov = true
        #expect(try OptimizerSpecification.named("sgd", learningRate: 0.1, beta1: 0.5, nesterov: true) == .sgd(sgd))
        for name in OptimizerSpecification.names { #expect(try OptimizerSpecification.named(name, learningRate: 1e-3) != nil, "\(name)") }
        #expect(try OptimizerSpecification.named("lm", learningRate: 1e-3) == nil)
    }

    @Test("an out-of-range hyperparameter is the optimizer's own error")
    func invalid() {
        #expect(throws: OptimizerError.self) { try OptimizerSpecification.named("adam", learningRate: 0.01, beta1: 1.5) }
        #expect(throws: OptimizerError.self) { try OptimizerSpecification.named("sgd", learningRate: -1) }
    }
}
