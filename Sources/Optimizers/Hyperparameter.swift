/// One named hyperparameter, as written into result files (HDF5 attributes, JSON, Markdown tables).
///
/// Names follow the reference implementations (`lr`, `beta1`, `eps`, `weight_decay`, `amsgrad`, …) so a record
/// can be compared with a PyTorch or optax run without a translation table.
public struct Hyperparameter: Codable, Hashable, Sendable, CustomStringConvertible {
    /// The value of a hyperparameter: a number, a flag or a word.
    public enum Value: Codable, Hashable, Sendable, CustomStringConvertible {
        case number(Double)
        case flag(Bool)
        case text(String)

        /// The value as a `Double`: numbers as they are, flags as 1 or 0, text as `nil`.
        public var numericValue: Double? {
            switch self {
            case let .number(x): return x
            case let .flag(b): return b ? 1 : 0
            case .text: return nil
            }
        }

        /// Round-trippable text: numbers with Swift's shortest exact representation.
        public var description: String {
            switch self {
            case let .number(x): return "\(x)"
            case let .flag(b): return b ? "true" : "false"
            case let .text(s): return s
            }
        }
    }

    public var name: String
    public var value: Value

    public init(_ name: String, _ value: Value) {
        self.name = name
        self.value = value
    }

    public var description: String { "\(name)=\(value)" }
}

extension Array where Element == Hyperparameter {
    /// The numeric and flag hyperparameters as a dictionary (flags as 1 or 0); text entries are left out.
    public var numericDictionary: [String: Double] {
        var result: [String: Double] = [:]
        for h in self { if let x = h.value.numericValue { result[h.name] = x } }
        return result
    }

    /// Every hyperparameter as text, for string attributes.
    public var textDictionary: [String: String] {
        Dictionary(map { ($0.name, $0.value.description) }, uniquingKeysWith: { _, last in last })
    }
}
