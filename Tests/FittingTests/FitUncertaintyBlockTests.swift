import Fitting
import Testing

/// `FitUncertainty.leadingBlock`: the model parameters' share of a fit's uncertainty (before learned initial states).
@Suite("FitUncertainty leading block")
struct FitUncertaintyBlockTests {
    /// A 3 × 3 correlation matrix whose entries all differ, so a wrong index shows.
    static let uncertainty = FitUncertainty(
        standardErrors: [0.1, 0.2, 0.3],
        correlation: [1, 0.5, -0.25,
                      0.5, 1, 0.125,
                      -0.25, 0.125, 1],
        conditionNumber: 10, residualVariance: 1e-4, degreesOfFreedom: 7, poorlyDetermined: [])

    @Test("the block is the principal submatrix of the first m entries, row-major")
    func block() {
        let two = Self.uncertainty.leadingBlock(2)
        #expect(two.standardErrors == [0.1, 0.2])
        #expect(two.correlation == [1, 0.5, 0.5, 1])
        let one = Self.uncertainty.leadingBlock(1)
        #expect(one.standardErrors == [0.1] && one.correlation == [1])
    }

    @Test("m = P gives the whole matrix; m out of range is clamped")
    func edges() {
        let all = Self.uncertainty.leadingBlock(3)
        #expect(all.standardErrors == Self.uncertainty.standardErrors && all.correlation == Self.uncertainty.correlation)
        let more = Self.uncertainty.leadingBlock(5)
        #expect(more.standardErrors == all.standardErrors && more.correlation == all.correlation)
        let none = Self.uncertainty.leadingBlock(-1)
        #expect(none.standardErrors.isEmpty && none.correlation.isEmpty)
    }
}
