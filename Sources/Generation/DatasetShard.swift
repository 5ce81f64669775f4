/// Slice `k` of `n` of a dataset's trajectories (`orrery generate --shard K/N`): the ids
/// `⌊(k−1)·B/n⌋ ..< ⌊k·B/n⌋` of `B`, so the `n` slices, generated anywhere and joined with
/// `DatasetMerge`, are the same bytes as one run (each trajectory's randomness depends on its id alone).
public struct DatasetShard: Sendable, Equatable, CustomStringConvertible {
    /// 1-based slice number, `1 ≤ index ≤ count`.
    public let index: Int
    /// How many slices.
    public let count: Int

    /// Slice `index` of `count`; nil unless `1 ≤ index ≤ count`.
    public init?(index: Int, of count: Int) {
        guard count > 0, (1...count).contains(index) else { return nil }
        self.index = index
        self.count = count
    }

    /// `K/N`, e.g. `2/8`; nil for any other text or numbers out of range.
    public init?(_ text: String) {
        let parts = text.split(separator: "/").compactMap { Int($0) }
        guard parts.count == 2 else { return nil }
        self.init(index: parts[0], of: parts[1])
    }

    public var description: String { "\(index)/\(count)" }

    /// This slice's trajectory ids among `total` (computed without overflow for any `total` and `count`).
    public func ids(of total: Int) -> Range<Int> {
        func boundary(_ k: Int) -> Int { count.dividingFullWidth(total.multipliedFullWidth(by: k)).quotient }
        return boundary(index - 1)..<boundary(index)
    }
}
