/// Why an optimizer refused a configuration or a saved state.
///
/// Every case carries enough context to be printed as-is: which optimizer, which knob, the offending value
/// and the rule it broke.
public enum OptimizerError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A numeric hyperparameter is outside its valid range (for example a negative learning rate).
    case invalidHyperparameter(optimizer: String, name: String, value: Double, requirement: String)
    /// A combination of hyperparameters is inconsistent (for example Nesterov momentum without momentum).
    case invalidCombination(optimizer: String, reason: String)
    /// A saved state does not fit this optimizer (other optimizer, missing buffer, wrong length, negative step).
    case stateMismatch(optimizer: String, reason: String)

    public var description: String {
        switch self {
        case let .invalidHyperparameter(optimizer, name, value, requirement):
            return "\(optimizer): invalid hyperparameter \(name) = \(value); it must be \(requirement)"
        case let .invalidCombination(optimizer, reason):
            return "\(optimizer): invalid hyperparameter combination: \(reason)"
        case let .stateMismatch(optimizer, reason):
            return "\(optimizer): saved state does not match: \(reason)"
        }
    }
}
