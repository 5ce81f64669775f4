import Reproductions
import Testing

/// The order statistics and the sign test behind aca-three-body's verdict.
@Suite("Sample summaries and paired comparisons")
struct StatisticsTests {
    @Test("quartiles interpolate linearly between order statistics (numpy.quantile's default)")
    func quartiles() {
        // numpy.quantile([4, 1, 3, 2], [0, .25, .5, .75, 1]) = [1, 1.75, 2.5, 3.25, 4].
        let s = SampleSummary([4, 1, 3, 2])
        #expect([s.minimum, s.lowerQuartile, s.median, s.upperQuartile, s.maximum] == [1, 1.75, 2.5, 3.25, 4])
        // Odd count: the median is the middle value; an infinite value (a failed fit) sorts last.
        let t = SampleSummary([0.3, .infinity, 0.1, 0.2, 0.5])
        #expect(t.median == 0.3 && t.maximum == .infinity && t.lowerQuartile == 0.2 && t.upperQuartile == 0.5)
        #expect(SampleSummary([]).median.isNaN && SampleSummary([7]).lowerQuartile == 7)
    }

    @Test("sign-test p-values equal the binomial tails")
    func signTest() {
        // 9 of 10: P(X ≤ 1) = 11/1024, two-sided 22/1024; 10 of 10: 2/1024; 5 of 10: 1.
        #expect(abs(PairedComparison.signTest(wins: 9, losses: 1) - 22.0 / 1024) < 1e-15)
        #expect(abs(PairedComparison.signTest(wins: 0, losses: 10) - 2.0 / 1024) < 1e-15)
        #expect(PairedComparison.signTest(wins: 5, losses: 5) == 1)
        #expect(PairedComparison.signTest(wins: 0, losses: 0) == 1)
    }

    @Test("pairs are compared start by start; near-equal values and two failures tie")
    func pairs() {
        let c = PairedComparison([1, 2, 3, .infinity, 1], [2, 1, 3.0001, .infinity, .infinity])
        #expect(c.wins == 2 && c.losses == 1 && c.ties == 2)
        #expect(abs(c.pValue - 1) < 1e-15)
    }
}
