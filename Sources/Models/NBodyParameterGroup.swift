/// The parameter groups of ``Physics/NBodyGravity`` that a fit may learn: `--learn masses`, `--learn G`.
public enum NBodyParameterGroup: String, Codable, Sendable, CaseIterable, Comparable, CustomStringConvertible {
    case masses
    case G

    public var description: String { rawValue }

    public static func < (a: Self, b: Self) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}
