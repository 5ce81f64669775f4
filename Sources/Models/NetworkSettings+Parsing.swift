import Foundation

extension NetworkSettings {
    /// Why ``init(parsingWidths:activation:)`` refused its text; the message names the knob.
    public enum ParseError: Error, Equatable, Sendable, CustomStringConvertible {
        /// A width that is not a positive integer (`text` as given).
        case widths(String)
        /// Not one of ``Activation``'s names.
        case activation(String)

        public var description: String {
            switch self {
            case let .widths(text):
                return "NetworkSettings(parsingWidths:)'s widths must be positive integers, e.g. 32,32 (got \(text))"
            case let .activation(text):
                let names = Activation.allCases.map(\.rawValue)
                return "NetworkSettings(parsingWidths:)'s activation must be \(names.dropLast().joined(separator: ", ")) or \(names.last!) (got \(text))"
            }
        }
    }

    /// The settings written as comma-separated hidden widths (`32,32`; spaces around a width allowed; empty: an
    /// affine map) and an activation name (`tanh`, `softplus`, `silu`), as `orrery fit --hidden --activation` takes them.
    public init(parsingWidths widths: String, activation: String) throws(ParseError) {
        var parsed: [Int] = []
        for text in widths.split(separator: ",") {
            guard let width = Int(text.trimmingCharacters(in: .whitespaces)), width > 0 else { throw .widths(widths) }
            parsed.append(width)
        }
        guard let act = Activation(rawValue: activation) else { throw .activation(activation) }
        self.init(hiddenWidths: parsed, activation: act)
    }
}
