import Generation
import Testing

@Suite("DrainBalance: a thread with a long solve stops taking jobs when the others can finish the queue first")
struct DrainBalanceTests {
    @Test("the balance S ≥ Q·ρ/(T − 1), Q in evaluations from the finished solves' ratio to their expected cost")
    func balance() {
        // Start order costs 1, 300, 300; the first (cost 1) took 100 evaluations: 100 per unit.
        for threads in [2, 3] {
            let balance = DrainBalance(expectedCosts: [1, 300, 300], threads: threads)
            balance.took(position: 0)
            #expect(!balance.pauses(longestRemaining: 1e12), "no solve finished yet: nothing to calibrate Q")
            balance.finished(expectedCost: 1, evaluations: 100)
            // Q = 600 units · 100 = 60 000 evaluations; the threshold is Q/3/(T − 1).
            let threshold = 60_000 * DrainBalance.laneShare / Double(threads - 1)
            #expect(!balance.pauses(longestRemaining: threshold * (1 - 1e-12)))
            #expect(balance.pauses(longestRemaining: threshold))
        }
    }

    @Test("near the end of the queue a solve must still need longFactor times the mean finished solve to pause")
    func longFactor() {
        let balance = DrainBalance(expectedCosts: [1, 300, 1], threads: 2)
        balance.took(position: 1)
        balance.finished(expectedCost: 1, evaluations: 100)
        // Q = 1 unit = 100 evaluations (threshold 33.3), but the mean finished solve took 100.
        #expect(!balance.pauses(longestRemaining: 399))
        #expect(balance.pauses(longestRemaining: DrainBalance.longFactor * 100))
        balance.took(position: 2)
        #expect(!balance.pauses(longestRemaining: 1e12), "the queue is empty: nothing to leave to the others")
    }

    @Test("one thread never pauses; non-finite or missing costs count as 0")
    func edges() {
        let one = DrainBalance(expectedCosts: [1, 300], threads: 1)
        one.took(position: 0)
        one.finished(expectedCost: 1, evaluations: 100)
        #expect(!one.pauses(longestRemaining: 1e12))
        let odd = DrainBalance(expectedCosts: [.infinity, 2, .nan, 1], threads: 2)
        odd.took(position: 0)
        odd.finished(expectedCost: .infinity, evaluations: 1_000_000)  // not calibrated by
        #expect(!odd.pauses(longestRemaining: 1e12))
        odd.finished(expectedCost: 2, evaluations: 20)  // 10 per unit, mean 20: Q = 30 (costs 2, 0, 1)
        #expect(!odd.pauses(longestRemaining: 79))
        #expect(odd.pauses(longestRemaining: 80))
    }
}
