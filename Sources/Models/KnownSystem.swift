import Physics

/// The time-series systems of `Physics`, by the names used in dataset files and on the command line.
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

    /// State dimension (`linear` takes it from the specification).
    public func dimension(linearDimension: Int?) -> Int? {
        switch self {
        case .spiral, .lotkaVolterra, .vanDerPol, .dampedPendulum: return 2
        case .lorenz: return 3
        case .linear: return linearDimension
        }
    }

    /// The system's published default parameters.
    public func defaultParameters(dimension: Int) -> [Double] {
        switch self {
        case .spiral: return LinearSystem.spiralMatrix
        case .linear: return [Double](repeating: 0, count: dimension * dimension)
        case .lotkaVolterra: return LotkaVolterra.defaultParameters
        case .vanDerPol: return VanDerPol.defaultParameters
        case .lorenz: return Lorenz.defaultParameters
        case .dampedPendulum: return DampedPendulum.defaultParameters
        }
    }
}
