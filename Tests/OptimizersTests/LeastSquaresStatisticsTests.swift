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

    @Test("Jacobi SVD of a pseudo-random 1000 × 200 matrix: Σσ² = ‖A‖_F², ‖A v_k‖ = σ_k, VᵀV = I")
    func randomSVD() {
        let rows = 1000, cols = 200
        var state: UInt64 = 0x9E3779B97F4A7C15
        let a = (0..<(rows * cols)).map { _ -> Double in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53) - 0.5
        }
        let clock = ContinuousClock()
        var d: JacobiSVD!
        let elapsed = clock.measure { d = JacobiSVD(rowMajor: a, rows: rows, columns: cols) }
        print("Jacobi SVD 1000 × 200: \(d.sweeps) sweeps in \(elapsed)")
        let frobenius = a.reduce(0) { $0 + $1 * $1 }
        #expect(abs(d.singularValues.reduce(0) { $0 + $1 * $1 } / frobenius - 1) < 1e-12)
        for k in [0, 99, 199] {
            var av = [Double](repeating: 0, count: rows)
            for i in 0..<rows { for j in 0..<cols { av[i] += a[i * cols + j] * d.v[j * cols + k] } }
            let norm = av.reduce(0) { $0 + $1 * $1 }.squareRoot()
            #expect(abs(norm / d.singularValues[k] - 1) < 1e-12)
            for l in [0, 150] {
                var dot = 0.0
                for j in 0..<cols { dot += d.v[j * cols + k] * d.v[j * cols + l] }
                #expect(abs(dot - (k == l ? 1 : 0)) < 1e-12)
            }
        }
        #expect(zip(d.singularValues, d.singularValues.dropFirst()).allSatisfy { $0 >= $1 })
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
