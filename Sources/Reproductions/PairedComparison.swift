/// Which of two methods did better on the same starts, with the two-sided sign test of "no difference".
///
/// For n untied pairs of which method A won k, the p-value is P(|X − n/2| ≥ |k − n/2|) for X ~ Binomial(n, 1/2)
/// (Conover 1999, *Practical Nonparametric Statistics*, §3.4). Pairs within a relative `tie` of each other count as ties
/// and are left out, as the sign test prescribes.
public struct PairedComparison: Codable, Sendable, Equatable {
    /// Pairs in which the first method's value was lower.
    public var wins: Int
    /// Pairs in which the second method's value was lower.
    public var losses: Int
    public var ties: Int
    /// Two-sided sign-test p-value; 1 when there are no untied pairs.
    public var pValue: Double

    /// Compares `a[i]` with `b[i]` (lower is better); values within a relative `tie` of each other are ties.
    public init(_ a: [Double], _ b: [Double], tie: Double = 1e-3) {
        precondition(a.count == b.count, "paired samples of different sizes")
        var wins = 0, losses = 0, ties = 0
        for (x, y) in zip(a, b) {
            let tied = x == y || (x.isFinite && y.isFinite && abs(x - y) <= tie * max(abs(x), abs(y)))
            if tied { ties += 1 } else if x < y { wins += 1 } else { losses += 1 }
        }
        self.wins = wins
        self.losses = losses
        self.ties = ties
        pValue = Self.signTest(wins: wins, losses: losses)
    }

    /// Two-sided sign-test p-value for `wins` against `losses`: twice the smaller binomial tail, at most 1.
    public static func signTest(wins: Int, losses: Int) -> Double {
        let n = wins + losses
        guard n > 0 else { return 1 }
        var tail = 0.0, term = 1.0  // C(n, 0)
        for i in 0...min(wins, losses) {
            if i > 0 { term *= Double(n - i + 1) / Double(i) }
            tail += term
        }
        return min(1, 2 * tail / Double(sign: .plus, exponent: n, significand: 1))
    }
}
