import Physics

/// The built-in systems a model can be, by the names used in dataset files, fit files and on the
/// command line: the ``SystemCatalog`` entries with a time-series model, plus `linear` (any dimension).
public enum KnownSystem: String, Codable, Sendable, CaseIterable, CustomStringConvertible {
    /// `LinearSystem(dimension: 2)` with the spiral matrix `[[-0.1, 2], [-2, -0.1]]` (Chen et al. 2018).
    case spiral
    /// `LinearSystem(dimension: d)`, parameters `A` (d×d); default `A = 0`.
    case linear
    case lotkaVolterra = "lotka-volterra"
    case vanDerPol = "van-der-pol"
    case lorenz
    case dampedPendulum = "damped-pendulum"

    public var description: String { rawValue }

    /// The catalogue entry (nil for `linear`, whose shape comes from the specification).
    public var entry: BuiltinSystem? { SystemCatalog.named(rawValue) }

    /// State dimension (`linear` takes it from the specification).
    public func dimension(linearDimension: Int?) -> Int? {
        entry?.dimension ?? linearDimension
    }

    /// The system's published default parameters (`linear`: `A = 0`).
    public func defaultParameters(dimension: Int) -> [Double] {
        entry?.defaultParameters ?? [Double](repeating: 0, count: dimension * dimension)
    }

    /// The systems `--model` accepts by name (every one but `linear`), for help texts.
    public static var modelNames: [String] { allCases.filter { $0 != .linear }.map(\.rawValue) }
}
