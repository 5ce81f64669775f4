import Foundation

extension TimeSeriesSystem {
    /// `1.2, 0.8, 1.5, 2` → the system's parameters in ``parameterNames`` order: one finite number per name.
    /// Three-body positions take none (their masses come from the random preset).
    /// - Throws: ``SystemParametersError`` naming `TimeSeriesSystem.parameters(parsing:)`'s text.
    public func parameters(parsing text: String) throws(SystemParametersError) -> [Double] {
        let values = text.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard values.allSatisfy({ $0?.isFinite == true }) else {
            throw SystemParametersError("TimeSeriesSystem.parameters(parsing:)'s text must be finite numbers (got \(text))")
        }
        guard values.count == parameterNames.count, self != .threeBody else {
            throw SystemParametersError("TimeSeriesSystem.parameters(parsing:)'s text for \(rawValue) takes \(parameterNames.count) values: \(parameterNames.joined(separator: ", "))")
        }
        return values.map { $0! }
    }
}

/// Parameter values that do not fit a ``TimeSeriesSystem``; the message names the setting.
public struct SystemParametersError: Error, Equatable, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
