/// Corrupts clean trajectories the way measurements do: Gaussian noise and missing entries.
public struct ObservationModel: Sendable, Equatable {
    /// Standard deviation of additive Gaussian noise (0 for none).
    public var noise: Double
    /// Probability that an entry is missing (0 for none). At least one entry per
    /// trajectory is always kept.
    public var missingFraction: Double

    public init(noise: Double = 0, missingFraction: Double = 0) {
        self.noise = noise
        self.missingFraction = missingFraction
    }

    /// Observed values and mask (1 = observed) for one trajectory's clean values.
    /// Missing entries hold NaN.
    public func observe(_ clean: [Double], random: inout SeededRandom) -> (values: [Double], mask: [UInt8]) {
        var values = clean, mask = [UInt8](repeating: 1, count: clean.count)
        for k in values.indices {
            if noise > 0 { values[k] += noise * random.normal() }
            if missingFraction > 0 && random.uniform() < missingFraction { mask[k] = 0 }
        }
        if !clean.isEmpty && !mask.contains(1) { mask[Int(random.next() % UInt64(clean.count))] = 1 }
        for k in values.indices where mask[k] == 0 { values[k] = .nan }
        return (values, mask)
    }
}
