import Foundation
import Testing
import Optimizers

@Suite("Least-squares statistics and the Jacobi SVD")
struct LeastSquaresStatisticsTests {
    @Test("Jacobi SVD: singular values of a known matrix, V orthogonal, A V = U Σ")
    func svd() {
        // A = [[3, 2, 2], [2, 3, −2]] has singular values 5 and 3 (Strang's example), as a 3-column matrix
        // also 0; use its transpose (3 × 2, tall) to exercise the QR path.
        let at: [Double] = [3, 2, 2, 3, 2, -2]
        let d = JacobiSVD(rowMajor: at, rows: 3, columns: 2)
        #expect(abs(d.singularValues[0] - 5) < 1e-14 && abs(d.singularValues[1] - 3) < 1e-14)
        #expect(abs(d.conditionNumber - 5.0 / 3.0) < 1e-14)
        // VᵀV = I.
        for i in 0..<2 {
            for j in 0..<2 {
                let dot = d.v[0 * 2 + i] * d.v[0 * 2 + j] + d.v[1 * 2 + i] * d.v[1 * 2 + j]
                #expect(abs(dot - (i == j ? 1 : 0)) < 1e-14)
            }
        }
        // ‖A v_k‖ = σ_k.
        for k in 0..<2 {
            var norm2 = 0.0
            for row in 0..<3 {
                let s = at[row * 2] * d.v[0 * 2 + k] + at[row * 2 + 1] * d.v[1 * 2 + k]
                norm2 += s * s
            }
            #expect(abs(norm2.squareRoot() - d.singularValues[k]) < 1e-13)
        }
        // Graded matrix: Jacobi keeps relative accuracy of tiny singular values.
        let graded = JacobiSVD(rowMajor: [1, 0, 0, 0, 1e-12, 0, 0, 0, 1e-20, 0, 0, 0], rows: 4, columns: 3)
        #expect(abs(graded.singularValues[2] / 1e-20 - 1) < 1e-14)
        #expect(abs(graded.conditionNumber / 1e20 - 1) < 1e-14)
    }

    @Test("straight-line fit: standard errors match the closed form")
    func straightLine() throws {
        // y = a + b t with residuals r = a + b t − y; Var(b) = σ̂² / Σ(t − t̄)², Var(a) = σ̂² Σt² / (n Σ(t − t̄)²).
        let t: [Double] = [0, 1, 2, 3, 4, 5]
        let y: [Double] = [1.1, 2.9, 5.2, 7.1, 8.8, 11.2]
        let n = Double(t.count), tbar = t.reduce(0, +) / n, ybar = y.reduce(0, +) / n
        let stt = t.reduce(0) { $0 + ($1 - tbar) * ($1 - tbar) }
        let b = zip(t, y).reduce(0) { $0 + ($1.0 - tbar) * ($1.1 - ybar) } / stt, a = ybar - b * tbar
        let r = zip(t, y).map { a + b * $0 - $1 }
        let s2 = r.reduce(0) { $0 + $1 * $1 } / (n - 2)
        let stats = try LeastSquaresStatistics(jacobian: t.flatMap { [1, $0] }, residuals: r, parameterCount: 2)
        let se = try #require(stats.standardErrors)
        #expect(abs(se[1] - (s2 / stt).squareRoot()) < 1e-14 * se[1] * 10)
        let sumT2 = t.reduce(0) { $0 + $1 * $1 }
        #expect(abs(se[0] - (s2 * sumT2 / (n * stt)).squareRoot()) < 1e-13)
        let corr = try #require(stats.correlation)
        #expect(abs(corr[0] - 1) < 1e-15 && abs(corr[1] - corr[2]) < 1e-15 && corr[1] < 0)
        #expect(stats.degreesOfFreedom == 4 && stats.unavailableReason == nil)
    }

    @Test("duplicate columns are unidentifiable; R ≤ P has no σ̂²; scale alone is not unidentifiable")
    func identifiability() throws {
        // Columns 0 and 1 equal, column 2 independent.
        let j: [Double] = [1, 1, 0, 2, 2, 1, 3, 3, 0, 4, 4, 2]
        let r: [Double] = [0.1, -0.2, 0.05, 0.1]
        let stats = try LeastSquaresStatistics(jacobian: j, residuals: r, parameterCount: 3)
        #expect(stats.unidentifiableParameters == [0, 1])
        #expect(stats.covariance == nil && stats.unavailableReason != nil)
        #expect(stats.conditionNumber > 1e14)

        let square = try LeastSquaresStatistics(jacobian: [1, 0, 0, 1], residuals: [0, 0], parameterCount: 2)
        #expect(square.residualVariance == nil && square.standardErrors == nil)
        #expect(square.unavailableReason?.contains("degrees of freedom") == true)

        // Columns of scales 1 and 1e-9: ill-conditioned J, but each parameter is identifiable.
        let badlyScaled = try LeastSquaresStatistics(
            jacobian: [1, 1e-9, 1, -1e-9, 2, 0, 0, 3e-9], residuals: [0.1, 0.1, -0.1, 0.2], parameterCount: 2)
        #expect(badlyScaled.conditionNumber > 1e8)
        #expect(badlyScaled.scaledConditionNumber < 10)
        #expect(badlyScaled.unidentifiableParameters.isEmpty)
        #expect(throws: LeastSquaresError.self) {
            try LeastSquaresStatistics(jacobian: [1, 2, 3], residuals: [1, 2], parameterCount: 2)
        }
    }
}
