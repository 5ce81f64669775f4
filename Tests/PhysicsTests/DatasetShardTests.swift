import Generation
import Testing

/// `DatasetShard`: slices K/N of a dataset's ids partition them, in order, for any count.
@Suite("DatasetShard")
struct DatasetShardTests {
    @Test("the N slices of B ids are disjoint, contiguous and cover 0..<B", arguments: [(1, 1), (7, 3), (3, 7), (1000, 8), (0, 2)])
    func partition(total: Int, count: Int) throws {
        var next = 0
        for k in 1...count {
            let ids = try #require(DatasetShard(index: k, of: count)).ids(of: total)
            #expect(ids.lowerBound == next)
            #expect(ids.count == total / count || ids.count == total / count + 1)
            next = ids.upperBound
        }
        #expect(next == total)
    }

    @Test("K/N text; out of range or malformed is nil; no overflow at Int.max")
    func parsing() throws {
        #expect(DatasetShard("2/8") == DatasetShard(index: 2, of: 8))
        #expect(DatasetShard("2/8")?.description == "2/8")
        #expect(DatasetShard("0/3") == nil && DatasetShard("4/3") == nil && DatasetShard("3") == nil && DatasetShard("a/b") == nil)
        // Int.max = 3q + 1, so ⌊2·Int.max/3⌋ = 2q: computed in double width, not overflowing 2·Int.max.
        let last = try #require(DatasetShard("3/3")).ids(of: Int.max)
        #expect(last.upperBound == Int.max && last.lowerBound == Int.max / 3 * 2)
    }
}
