/// Singular value decomposition A = U Σ Vᵀ of a small dense matrix by one-sided Jacobi rotations (Hestenes
/// 1958; Demmel & Veselić 1992, "Jacobi's method is more accurate than QR", SIAM J. Matrix Anal. Appl. 13),
/// which computes the singular values to high relative accuracy.
///
/// Tall matrices (R ≫ P, as least-squares Jacobians) are first reduced to their P × P triangular factor by
/// Householder QR, so the Jacobi sweeps cost O(P³) rather than O(R·P²).
public struct JacobiSVD: Sendable {
    /// Singular values, descending.
    public var singularValues: [Double]
    /// Right singular vectors: column k of the row-major P × P matrix (`v[j * P + k]`) belongs to
    /// `singularValues[k]`.
    public var v: [Double]
    /// Number of columns P.
    public var columnCount: Int
    /// Jacobi sweeps used.
    public var sweeps: Int

    /// Decomposes the row-major `rows` × `columns` matrix `matrix` (rows ≥ 1, columns ≥ 1).
    public init(rowMajor matrix: [Double], rows: Int, columns: Int, maxSweeps: Int = 60) {
        precondition(matrix.count == rows * columns && rows >= 1 && columns >= 1, "JacobiSVD: bad shape")
        let n = columns
        // Column-major working copy W (k × n) with k = min(rows, n) rows: R of a QR when rows > n.
        var w: [Double]
        var k: Int
        if rows > n {
            var a = [Double](repeating: 0, count: rows * n)
            for i in 0..<rows { for j in 0..<n { a[i + j * rows] = matrix[i * n + j] } }
            var ipvt = [Int](repeating: 0, count: n)
            var rdiag = [Double](repeating: 0, count: n), acnorm = rdiag
            MINPACK.qrfac(m: rows, n: n, a: &a, pivot: false, ipvt: &ipvt, rdiag: &rdiag, acnorm: &acnorm)
            k = n
            w = [Double](repeating: 0, count: n * n)
            for j in 0..<n {
                for i in 0..<j { w[i + j * n] = a[i + j * rows] }
                w[j + j * n] = rdiag[j]
            }
        } else {
            k = rows
            w = [Double](repeating: 0, count: rows * n)
            for i in 0..<rows { for j in 0..<n { w[i + j * rows] = matrix[i * n + j] } }
        }
        // V accumulated column-major (n × n).
        var vc = [Double](repeating: 0, count: n * n)
        for j in 0..<n { vc[j + j * n] = 1 }
        var sweep = 0
        let tolerance = Double.ulpOfOne * Double(max(k, 1))
        while sweep < maxSweeps {
            sweep += 1
            var rotated = false
            for p in 0..<n {
                for q in (p + 1)..<max(p + 1, n) {
                    var alpha = 0.0, beta = 0.0, gamma = 0.0
                    for i in 0..<k {
                        let x = w[i + p * k], y = w[i + q * k]
                        alpha += x * x; beta += y * y; gamma += x * y
                    }
                    if gamma == 0 || abs(gamma) <= tolerance * (alpha * beta).squareRoot() { continue }
                    rotated = true
                    let zeta = (beta - alpha) / (2 * gamma)
                    let t = (zeta >= 0 ? 1.0 : -1.0) / (abs(zeta) + (1 + zeta * zeta).squareRoot())
                    let cs = 1 / (1 + t * t).squareRoot(), sn = cs * t
                    for i in 0..<k {
                        let x = w[i + p * k], y = w[i + q * k]
                        w[i + p * k] = cs * x - sn * y
                        w[i + q * k] = sn * x + cs * y
                    }
                    for i in 0..<n {
                        let x = vc[i + p * n], y = vc[i + q * n]
                        vc[i + p * n] = cs * x - sn * y
                        vc[i + q * n] = sn * x + cs * y
                    }
                }
            }
            if !rotated { break }
        }
        // Column norms are the singular values (columns beyond k, if any, are zero).
        var sigma = [Double](repeating: 0, count: n)
        for j in 0..<n {
            var s = 0.0
            for i in 0..<k { s += w[i + j * k] * w[i + j * k] }
            sigma[j] = s.squareRoot()
        }
        let order = (0..<n).sorted { sigma[$0] > sigma[$1] }
        singularValues = order.map { sigma[$0] }
        v = [Double](repeating: 0, count: n * n)
        for (kk, j) in order.enumerated() { for i in 0..<n { v[i * n + kk] = vc[i + j * n] } }
        columnCount = n
        sweeps = sweep
    }

    /// σ_max / σ_min (∞ when σ_min = 0).
    public var conditionNumber: Double {
        guard let first = singularValues.first, let last = singularValues.last else { return .nan }
        return last == 0 ? .infinity : first / last
    }
}
