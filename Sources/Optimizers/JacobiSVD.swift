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
        let (w, k) = Self.reduce(rowMajor: matrix, rows: rows, columns: columns)
        self.init(columnMajor: w, rows: k, columns: columns, maxSweeps: maxSweeps)
    }

    /// The column-major k × n matrix W with the same singular values and right singular vectors as the
    /// row-major `rows` × n `matrix`: its R factor (k = n) when rows > n, else a copy (k = rows).
    static func reduce(rowMajor matrix: [Double], rows: Int, columns n: Int) -> (w: [Double], k: Int) {
        precondition(matrix.count == rows * n && rows >= 1 && n >= 1, "JacobiSVD: bad shape")
        if rows <= n {
            var w = [Double](repeating: 0, count: rows * n)
            for i in 0..<rows { for j in 0..<n { w[i + j * rows] = matrix[i * n + j] } }
            return (w, rows)
        }
        var a = [Double](repeating: 0, count: rows * n)
        matrix.withUnsafeBufferPointer { M in
            a.withUnsafeMutableBufferPointer { A in
                for i in 0..<rows { for j in 0..<n { A[i + j * rows] = M[i * n + j] } }
            }
        }
        var ipvt = [Int](repeating: 0, count: n)
        var rdiag = [Double](repeating: 0, count: n), acnorm = rdiag
        MINPACK.qrfac(m: rows, n: n, a: &a, pivot: false, ipvt: &ipvt, rdiag: &rdiag, acnorm: &acnorm)
        var w = [Double](repeating: 0, count: n * n)
        for j in 0..<n {
            for i in 0..<j { w[i + j * n] = a[i + j * rows] }
            w[j + j * n] = rdiag[j]
        }
        return (w, n)
    }

    /// Decomposes the column-major `rows` × `columns` matrix `w` by one-sided Jacobi sweeps.
    init(columnMajor w: [Double], rows k: Int, columns n: Int, maxSweeps: Int = 60) {
        var w = w
        // V accumulated column-major (n × n).
        var vc = [Double](repeating: 0, count: n * n)
        for j in 0..<n { vc[j + j * n] = 1 }
        var sweep = 0
        let tolerance = Double.ulpOfOne * Double(max(k, 1))
        w.withUnsafeMutableBufferPointer { W in
            vc.withUnsafeMutableBufferPointer { V in
                while sweep < maxSweeps {
                    sweep += 1
                    var rotated = false
                    for p in 0..<n {
                        for q in (p + 1)..<max(p + 1, n) {
                            let wp = W.baseAddress! + p * k, wq = W.baseAddress! + q * k
                            var alpha = 0.0, beta = 0.0, gamma = 0.0
                            for i in 0..<k {
                                let x = wp[i], y = wq[i]
                                alpha += x * x; beta += y * y; gamma += x * y
                            }
                            if gamma == 0 || abs(gamma) <= tolerance * (alpha * beta).squareRoot() { continue }
                            rotated = true
                            // The rotation that makes columns p and q orthogonal (Rutishauser's formulas).
                            let zeta = (beta - alpha) / (2 * gamma)
                            let t = (zeta >= 0 ? 1.0 : -1.0) / (abs(zeta) + (1 + zeta * zeta).squareRoot())
                            let cs = 1 / (1 + t * t).squareRoot(), sn = cs * t
                            for i in 0..<k {
                                let x = wp[i], y = wq[i]
                                wp[i] = cs * x - sn * y
                                wq[i] = sn * x + cs * y
                            }
                            let vp = V.baseAddress! + p * n, vq = V.baseAddress! + q * n
                            for i in 0..<n {
                                let x = vp[i], y = vq[i]
                                vp[i] = cs * x - sn * y
                                vq[i] = sn * x + cs * y
                            }
                        }
                    }
                    if !rotated { break }
                }
            }
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
