extension LearningRateSchedule {
    /// Why a schedule's text was refused by ``init(parsing:learningRate:)``. Each message names the knob:
    /// `LearningRateSchedule(parsing:)'s text` (the schedule) or its `learningRate` (the base rate).
    public enum ParseError: Error, Equatable, Sendable, CustomStringConvertible {
        /// A field after the name is not a number.
        case badNumber(text: String)
        /// `step:N:γ` with N not a whole number in 1…1e9 (`steps` as written).
        case stepCount(text: String, steps: String)
        /// Not one of the four forms.
        case unknownForm(text: String)
        /// The numbers break the schedule's own rules (``LearningRateSchedule/validate()``).
        case invalid(text: String, reason: OptimizerError)
        /// `cosine:MIN` with MIN above the base learning rate, so the rate would rise.
        case minimumAboveLearningRate(minimum: Double, learningRate: Double)

        public var description: String {
            let knob = "LearningRateSchedule(parsing:)'s text"
            switch self {
            case let .badNumber(text): return "\(knob): bad number in \(text)"
            case let .stepCount(_, steps): return "\(knob) step:N:γ needs a whole number of steps N in 1…1e9 (got \(steps))"
            case let .unknownForm(text): return "\(knob) must be constant, exponential:γ, step:N:γ or cosine:MIN (got \(text))"
            case let .invalid(text, reason): return "\(knob) \(text): \(reason)"
            case let .minimumAboveLearningRate(minimum, learningRate):
                return "\(knob) cosine:MIN needs MIN ≤ LearningRateSchedule(parsing:)'s learningRate (got \(minimum) > \(learningRate))"
            }
        }
    }

    /// The schedule written as `constant`, `exponential:γ`, `step:N:γ` or `cosine:MIN` (PyTorch's `ExponentialLR`,
    /// `StepLR` and `CosineAnnealingLR`), validated. Cosine's period is left at 1: the caller sets it to the
    /// number of steps (a fit sets it to its iteration count). `learningRate` is the base rate α₀, which cosine's MIN may not exceed.
    public init(parsing text: String, learningRate: Double) throws(ParseError) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        let numbers = parts.dropFirst().map { Double($0) }
        guard numbers.allSatisfy({ $0 != nil }) else { throw .badNumber(text: text) }
        let values = numbers.map { $0! }
        switch (parts[0], values.count) {
        case ("constant", 0): self = .constant
        case ("exponential", 1): self = .exponential(gamma: values[0])
        case ("step", 2):
            guard values[0] >= 1, values[0] <= 1e9, values[0] == values[0].rounded() else {
                throw .stepCount(text: text, steps: parts[1])
            }
            self = .step(stepSize: Int(values[0]), gamma: values[1])
        case ("cosine", 1): self = .cosine(totalSteps: 1, minimum: values[0])
        default: throw .unknownForm(text: text)
        }
        do { try validate() } catch { throw .invalid(text: text, reason: error) }
        if case .cosine(_, let minimum) = self, minimum > learningRate {
            throw .minimumAboveLearningRate(minimum: minimum, learningRate: learningRate)
        }
    }
}
