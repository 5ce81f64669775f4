/// Why a fit cannot start or had to stop, with the knob to turn.
public struct FitError: Error, CustomStringConvertible, Equatable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
