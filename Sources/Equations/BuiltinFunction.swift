/// The functions the equation language knows, with their arities.
public enum BuiltinFunction: String, CaseIterable, Sendable {
    case sqrt, exp, log, sin, cos, tan, tanh, sinh, cosh, atan, abs, min, max, pow

    /// Number of arguments: 2 for `min`, `max`, `pow`; 1 otherwise.
    public var arity: Int {
        switch self {
        case .min, .max, .pow: return 2
        default: return 1
        }
    }
}
