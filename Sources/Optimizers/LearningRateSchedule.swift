/// The learning rate as a function of the number of completed steps t (0 before the first step), relative to
/// a base rate α₀ (the configuration's ``OptimizerConfiguration/learningRate``). Closed forms of PyTorch's
/// `ExponentialLR`, `StepLR` and `CosineAnnealingLR` stepped once per optimizer step.
public enum LearningRateSchedule: Codable, Hashable, Sendable {
    /// α₀.
    case constant
    /// α₀·γᵗ.
    case exponential(gamma: Double)
    /// α₀·γ^⌊t/stepSize⌋.
    case step(stepSize: Int, gamma: Double)
    /// α_min + (α₀ − α_min)(1 + cos(π·min(t, T)/T))/2 (Loshchilov & Hutter 2017, SGDR, without restarts).
    case cosine(totalSteps: Int, minimum: Double)

    /// The learning rate for the step taken after `completedSteps` steps.
    ///
    /// Never traps: a period ≤ 0 (which ``validate()`` refuses) counts as over, and a rate that
    /// grows past the largest finite `Double` (γ > 1 for very many steps) stays at it.
    @inlinable
    public func learningRate(base: Double, completedSteps t: Int) -> Double {
        let rate: Double
        switch self {
        case .constant:
            rate = base
        case let .exponential(gamma):
            rate = base * power(gamma, Double(t))
        case let .step(stepSize, gamma):
            rate = base * power(gamma, Double(stepSize > 0 ? t / stepSize : t))
        case let .cosine(totalSteps, minimum):
            let fraction = totalSteps > 0 ? Double(min(t, totalSteps)) / Double(totalSteps) : 1
            let halfCosine: Double = (1 + libmCos(Double.pi * fraction)) / 2
            rate = minimum + (base - minimum) * halfCosine
        }
        return rate.isNaN ? rate : min(rate, .greatestFiniteMagnitude)
    }

    /// Throws if a factor is negative or a period not positive.
    public func validate() throws(OptimizerError) {
        let name = "LearningRateSchedule"
        switch self {
        case .constant:
            return
        case let .exponential(gamma):
            try Check.nonNegative(gamma, "gamma", name)
        case let .step(stepSize, gamma):
            try Check.nonNegative(gamma, "gamma", name)
            guard stepSize > 0 else {
                throw .invalidHyperparameter(
                    optimizer: name, name: "step_size", value: Double(stepSize), requirement: "> 0")
            }
        case let .cosine(totalSteps, minimum):
            try Check.nonNegative(minimum, "eta_min", name)
            guard totalSteps > 0 else {
                throw .invalidHyperparameter(
                    optimizer: name, name: "T_max", value: Double(totalSteps), requirement: "> 0")
            }
        }
    }

    /// The schedule's knobs, for result files.
    public var hyperparameters: [Hyperparameter] {
        switch self {
        case .constant:
            return [Hyperparameter("schedule", .text("constant"))]
        case let .exponential(gamma):
            return [Hyperparameter("schedule", .text("exponential")), Hyperparameter("gamma", .number(gamma))]
        case let .step(stepSize, gamma):
            return [Hyperparameter("schedule", .text("step")),
                    Hyperparameter("step_size", .number(Double(stepSize))),
                    Hyperparameter("gamma", .number(gamma))]
        case let .cosine(totalSteps, minimum):
            return [Hyperparameter("schedule", .text("cosine")),
                    Hyperparameter("T_max", .number(Double(totalSteps))),
                    Hyperparameter("eta_min", .number(minimum))]
        }
    }
}
