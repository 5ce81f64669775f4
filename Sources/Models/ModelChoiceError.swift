/// Why a model cannot be chosen as asked: values that do not parse or do not fit the model, a gravitational
/// constant given twice or to a model without one, an unknown name. The message names the knob to change.
public struct ModelChoiceError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, and what to change.
    public let message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
