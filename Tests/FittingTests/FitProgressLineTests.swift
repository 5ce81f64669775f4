import Fitting
import Testing

/// `FitProgress.line(iterations:parameterNames:)` and `isMilestone(of:)`: the progress `orrery fit` prints.
@Suite("FitProgress line")
struct FitProgressLineTests {
    static func progress(_ iteration: Int, validation: Double = .nan, parameters: [Double]? = nil) -> FitProgress {
        FitProgress(iteration: iteration, iterations: 999, loss: 1.25e-3, validationLoss: validation, functionEvaluations: 42,
                    seconds: 3.14159, phase: "lm", parameters: parameters)
    }

    @Test("the loss, evaluations and seconds; the validation loss when there is one; the total given, not the progress's")
    func text() {
        #expect(Self.progress(3).line(iterations: 100, parameterNames: []) == "lm iteration 3/100: loss 1.250000e-03, 42 evaluations, 3.1 s")
        #expect(Self.progress(3, validation: 2e-3).line(iterations: 100, parameterNames: [])
                == "lm iteration 3/100: loss 1.250000e-03, validation 2.0000e-03, 42 evaluations, 3.1 s")
    }

    @Test("parameter values by name (%.6g) when every value has a name; none otherwise")
    func parameters() {
        let named = Self.progress(1, parameters: [1.0000004, 0.25]).line(iterations: 5, parameterNames: ["m1", "G"])
        #expect(named == "lm iteration 1/5: loss 1.250000e-03, 42 evaluations, 3.1 s; m1 1, G 0.25")
        #expect(!Self.progress(1, parameters: [1, 2, 3]).line(iterations: 5, parameterNames: ["a", "b"]).contains(";"))
        #expect(!Self.progress(1, parameters: []).line(iterations: 5, parameterNames: ["a"]).contains(";"))
    }

    @Test("milestones: the first, the last and every iterations/20-th (each one below 20 iterations)")
    func milestones() {
        let shown = (1...100).filter { Self.progress($0).isMilestone(of: 100) }
        #expect(shown == [1] + Array(stride(from: 5, through: 100, by: 5)))
        #expect((1...7).allSatisfy { Self.progress($0).isMilestone(of: 7) })
        #expect(Self.progress(103, validation: 0).isMilestone(of: 103) && !Self.progress(102).isMilestone(of: 103))
    }
}
