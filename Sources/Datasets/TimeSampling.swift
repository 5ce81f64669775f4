import Foundation

/// How sample times are drawn for one trajectory.
public enum TimeSampling: Sendable, Equatable {
    /// `N` equally spaced times `t_end·k/(N−1)`, `k = 0 … N−1` (just `0` when `N = 1`).
    case regular
    /// `N` sorted uniform draws in `(0, t_end]`, drawn anew per trajectory.
    case uniform
    /// The first `N` arrivals of a Poisson process of the given rate started at 0
    /// (exponential gaps of mean `1/rate`); `t_end` is then not used.
    case poisson(rate: Double)

    /// The sample times for one trajectory, strictly increasing.
    public func times(count: Int, tEnd: Double, random: inout SeededRandom) -> [Double] {
        switch self {
        case .regular:
            guard count > 1 else { return [0] }
            return (0..<count).map { tEnd * Double($0) / Double(count - 1) }
        case .uniform:
            while true {
                let draws = (0..<count).map { _ in tEnd * (1 - random.uniform()) }.sorted()
                if zip(draws, draws.dropFirst()).allSatisfy({ $0 < $1 }) { return draws }
            }
        case .poisson(let rate):
            var t = 0.0
            return (0..<count).map { _ in
                t += -log(1 - random.uniform()) / rate
                return t
            }
        }
    }
}

extension TimeSampling {
    /// The names `orrery generate`/`simulate --sampling` take.
    public static let names = ["regular", "irregular", "poisson"]

    /// `regular`, `irregular` (``uniform``) or `poisson` (at `rate`); nil for another name.
    public init?(named name: String, rate: Double) {
        switch name {
        case "regular": self = .regular
        case "irregular": self = .uniform
        case "poisson": self = .poisson(rate: rate)
        default: return nil
        }
    }
}
