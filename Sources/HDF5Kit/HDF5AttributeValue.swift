/// The value of an HDF5 attribute: a number, a number array or text.
public enum HDF5AttributeValue: Equatable, Sendable {
    case double(Double)
    case doubles([Double])
    case integer(Int64)
    case integers([Int64])
    case string(String)
    case strings([String])
    /// A value of a type this layer does not decode; the payload names the type.
    case unsupported(String)

    /// The value as one number, if it is one (a one-element array counts).
    public var doubleValue: Double? {
        switch self {
        case .double(let value): return value
        case .integer(let value): return Double(value)
        case .doubles(let values) where values.count == 1: return values[0]
        case .integers(let values) where values.count == 1: return Double(values[0])
        default: return nil
        }
    }

    /// The value as an array of numbers, if it holds numbers.
    public var doubleArray: [Double]? {
        switch self {
        case .double(let value): return [value]
        case .integer(let value): return [Double(value)]
        case .doubles(let values): return values
        case .integers(let values): return values.map(Double.init)
        default: return nil
        }
    }

    /// The value as one integer, if it is an integer.
    public var integerValue: Int64? {
        switch self {
        case .integer(let value): return value
        case .integers(let values) where values.count == 1: return values[0]
        default: return nil
        }
    }

    /// The value as text, if it is a string (a one-element array counts).
    public var stringValue: String? {
        switch self {
        case .string(let value): return value
        case .strings(let values) where values.count == 1: return values[0]
        default: return nil
        }
    }
}

extension HDF5AttributeValue: ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral, ExpressibleByStringLiteral {
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(stringLiteral value: String) { self = .string(value) }
}
