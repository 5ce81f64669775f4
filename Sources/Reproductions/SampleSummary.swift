/// Order statistics of a sample: minimum, quartiles, median and maximum.
///
/// Quartiles interpolate linearly between order statistics (Hyndman & Fan 1996, definition 7 — R's and
/// NumPy's default), so a report's numbers can be checked with `numpy.quantile`. Infinite values (failed
/// fits) sort last and count like any other value.
public struct SampleSummary: Codable, Sendable, Equatable {
    public var count: Int
    public var minimum: Double
    public var lowerQuartile: Double
    public var median: Double
    public var upperQuartile: Double
    public var maximum: Double

    /// The summary of `values`; NaN everywhere for an empty sample.
    public init(_ values: [Double]) {
        let sorted = values.sorted()
        count = sorted.count
        minimum = Self.quantile(sorted, 0)
        lowerQuartile = Self.quantile(sorted, 0.25)
        median = Self.quantile(sorted, 0.5)
        upperQuartile = Self.quantile(sorted, 0.75)
        maximum = Self.quantile(sorted, 1)
    }

    /// The `p`-quantile of ascending `sorted` values by linear interpolation at position p·(n − 1).
    public static func quantile(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let position = p * Double(sorted.count - 1)
        let below = Int(position.rounded(.down)), fraction = position - Double(below)
        guard fraction > 0, below + 1 < sorted.count else { return sorted[below] }
        let low = sorted[below], high = sorted[below + 1]
        return low == high ? low : low + (high - low) * fraction
    }
}
