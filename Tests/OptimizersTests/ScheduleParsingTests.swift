import Optimizers
import Testing

/// `LearningRateSchedule(parsing:learningRate:)`: the four written forms of PyTorch's schedulers, and typed refusals.
@Suite("Learning-rate schedules from text")
struct ScheduleParsingTests {
    @Test("each form parses to its schedule, and the rates follow the closed forms")
    func forms() throws {
        #expect(try LearningRateSchedule(parsing: "constant", learningRate: 0.1) == .constant)
        let exponential = try LearningRateSchedule(parsing: "exponential:0.5", learningRate: 0.1)
        #expect(exponential == .exponential(gamma: 0.5))
        #expect(exponential.learningRate(base: 0.1, completedSteps: 3) == 0.1 * 0.125)
        let step = try LearningRateSchedule(parsing: "step:10:0.5", learningRate: 0.1)
        #expect(step == .step(stepSize: 10, gamma: 0.5))
        #expect(step.learningRate(base: 1, completedSteps: 9) == 1 && step.learningRate(base: 1, completedSteps: 25) == 0.25)
        let cosine = try LearningRateSchedule(parsing: "cosine:0.001", learningRate: 0.01)
        #expect(cosine == .cosine(totalSteps: 1, minimum: 0.001))
        #expect(cosine.learningRate(base: 0.01, completedSteps: 1) == 0.001)
        // MIN equal to the base rate is allowed (a constant rate).
        #expect(try LearningRateSchedule(parsing: "cosine:0.01", learningRate: 0.01) == .cosine(totalSteps: 1, minimum: 0.01))
    }

    @Test("bad text is refused with the case that says why, and the message names the knob")
    func refusals() {
        let cases: [(String, LearningRateSchedule.ParseError)] = [
            ("exponential:x", .badNumber(text: "exponential:x")),
            ("step:", .badNumber(text: "step:")),
            ("step:0:0.5", .stepCount(text: "step:0:0.5", steps: "0")),
            ("step:1.5:0.5", .stepCount(text: "step:1.5:0.5", steps: "1.5")),
            ("step:1e30:0.5", .stepCount(text: "step:1e30:0.5", steps: "1e30")),
            ("linear", .unknownForm(text: "linear")),
            ("exponential", .unknownForm(text: "exponential")),
            ("constant:1", .unknownForm(text: "constant:1")),
            ("cosine:0.5", .minimumAboveLearningRate(minimum: 0.5, learningRate: 0.1)),
        ]
        for (text, expected) in cases {
            #expect(throws: expected) { try LearningRateSchedule(parsing: text, learningRate: 0.1) }
            #expect(expected.description.hasPrefix("LearningRateSchedule(parsing:)'s text"))
        }
        for text in ["exponential:-1", "exponential:nan", "cosine:nan", "step:3:-0.5"] {
            do {
                _ = try LearningRateSchedule(parsing: text, learningRate: 0.1)
                Issue.record("\(text) was accepted")
            } catch {
                guard case .invalid(let given, let reason) = error else { Issue.record("\(text): \(error)"); continue }
                #expect(given == text)
                #expect(error.description == "LearningRateSchedule(parsing:)'s text \(text): \(reason)")
            }
        }
    }
}
