import Testing
import Optimizers

@Suite("Hyperparameter validation")
struct ValidationTests {
    /// Checks that `make` throws an invalid-hyperparameter error naming `name`, with a readable message.
    func expectRejected(_ name: String, _ make: () throws -> Void) {
        do {
            try make()
            Issue.record("\(name): accepted an invalid value")
        } catch {
            guard let error = error as? OptimizerError,
                  case let .invalidHyperparameter(_, n, _, requirement) = error else {
                Issue.record("\(name): unexpected \(error)")
                return
            }
            #expect(n == name)
            #expect(!requirement.isEmpty)
            #expect(error.description.contains(name))
        }
    }

    @Test("negative or non-finite learning rates are rejected by every optimizer")
    func learningRate() {
        for lr in [-1e-3, .nan, .infinity] {
            var a = AdaBeliefConfiguration.pytorch021; a.learningRate = lr
            var b = AdamConfiguration.adamW; b.learningRate = lr
            var c = RAdamConfiguration.torch; c.learningRate = lr
            let d = SGDConfiguration.momentum(learningRate: lr)
            expectRejected("lr") { _ = try AdaBelief(configuration: a, parameterCount: 2) }
            expectRejected("lr") { _ = try Adam(configuration: b, parameterCount: 2) }
            expectRejected("lr") { _ = try RAdam(configuration: c, parameterCount: 2) }
            expectRejected("lr") { _ = try SGD(configuration: d, parameterCount: 2) }
        }
    }

    @Test("betas outside [0, 1) are rejected", arguments: [-0.1, 1.0, 1.5, Double.nan])
    func betas(_ beta: Double) {
        var a = AdaBeliefConfiguration.pytorch021; a.beta1 = beta
        expectRejected("beta1") { _ = try AdaBelief(configuration: a, parameterCount: 2) }
        a = .pytorch021; a.beta2 = beta
        expectRejected("beta2") { _ = try AdaBelief(configuration: a, parameterCount: 2) }
        var b = AdamConfiguration.adam; b.beta2 = beta
        expectRejected("beta2") { _ = try Adam(configuration: b, parameterCount: 2) }
        var c = RAdamConfiguration.torch; c.beta1 = beta
        expectRejected("beta1") { _ = try RAdam(configuration: c, parameterCount: 2) }
    }

    @Test("negative epsilon and weight decay are rejected")
    func epsilonAndDecay() {
        var a = AdaBeliefConfiguration.paper; a.epsilon = -1e-16
        expectRejected("eps") { _ = try AdaBelief(configuration: a, parameterCount: 2) }
        var b = AdamConfiguration.adam; b.epsilon = -1e-8
        expectRejected("eps") { _ = try Adam(configuration: b, parameterCount: 2) }
        a = .pytorch021; a.weightDecay = -1
        expectRejected("weight_decay") { _ = try AdaBelief(configuration: a, parameterCount: 2) }
        let s = SGDConfiguration(learningRate: 0.1, momentum: -0.9, dampening: 0, weightDecay: 0, nesterov: false)
        expectRejected("momentum") { _ = try SGD(configuration: s, parameterCount: 2) }
    }

    @Test("inconsistent combinations are rejected")
    func combinations() {
        let nesterov = SGDConfiguration(learningRate: 0.1, momentum: 0, dampening: 0, weightDecay: 0, nesterov: true)
        #expect(throws: OptimizerError.self) { try SGD(configuration: nesterov, parameterCount: 2) }
        var fixed = AdaBeliefConfiguration.paper; fixed.fixedDecay = true
        #expect(throws: OptimizerError.self) { try AdaBelief(configuration: fixed, parameterCount: 2) }
        #expect(throws: OptimizerError.self) { try GlobalNormClipping(maxNorm: 0) }
        #expect(throws: OptimizerError.self) { try LearningRateSchedule.step(stepSize: 0, gamma: 0.5).validate() }
    }

    @Test("the message says what is wrong and what is allowed")
    func message() {
        let e = OptimizerError.invalidHyperparameter(
            optimizer: "AdaBelief", name: "beta2", value: 1, requirement: "in [0, 1)")
        #expect(e.description == "AdaBelief: invalid hyperparameter beta2 = 1.0; it must be in [0, 1)")
    }
}
