import Optimizers
import Testing

@Suite("Optimizer state and schedules never trap")
struct StateAndScheduleRobustnessTests {
    @Test("SGD without momentum restores its parameter count from the state and keeps stepping like the original")
    func sgdWithoutMomentum() throws {
        let configuration = SGDConfiguration.momentum(learningRate: 0.1, momentum: 0)
        var original = try SGD(configuration: configuration, parameterCount: 3)
        var parameters = [1.0, 2.0, 3.0]
        original.step(parameters: &parameters, gradient: [0.5, -0.5, 1])
        let state = original.state
        #expect(state.buffers.isEmpty && state.parameterCount == 3)
        var restored = try SGD(configuration: configuration, state: state)
        #expect(restored.parameterCount == 3 && restored.stepCount == 1)
        var a = parameters, b = parameters
        original.step(parameters: &a, gradient: [1, 1, 1])
        restored.step(parameters: &b, gradient: [1, 1, 1])
        #expect(a == b)
        #expect(abs(a[0] - 0.85) < 1e-12 && abs(a[1] - 1.95) < 1e-12 && abs(a[2] - 2.8) < 1e-12, "\(a)")
        var wrong = state
        wrong.parameterCount = 4
        var three = try SGD(configuration: configuration, parameterCount: 3)
        #expect(throws: OptimizerError.self) { try three.restore(wrong) }
    }

    @Test("invalid schedules are refused by validate(); learningRate never traps and never exceeds the largest Double")
    func schedules() {
        for bad: LearningRateSchedule in [.step(stepSize: 0, gamma: 0.5), .exponential(gamma: -1), .exponential(gamma: .nan),
                                          .cosine(totalSteps: 10, minimum: .nan), .cosine(totalSteps: 0, minimum: 0), .step(stepSize: -1, gamma: 0.5)] {
            #expect(throws: OptimizerError.self) { try bad.validate() }
            _ = bad.learningRate(base: 0.1, completedSteps: 7)  // must not trap
        }
        #expect(LearningRateSchedule.step(stepSize: 0, gamma: 0.5).learningRate(base: 1, completedSteps: 2) == 0.25)
        #expect(LearningRateSchedule.cosine(totalSteps: 0, minimum: 0.01).learningRate(base: 1, completedSteps: 5) == 0.01)
        #expect(LearningRateSchedule.exponential(gamma: 10).learningRate(base: 1, completedSteps: 400) == .greatestFiniteMagnitude)
    }
}
