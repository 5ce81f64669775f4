/// Why a ``ModelSpecification`` cannot be built.
public struct ModelSpecificationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, and what to change.
    public let message: String

    public init(_ message: String) { self.message = message }

    public var description: String { "invalid model specification: \(message)" }
}
