/// The linear-algebra kernels of MINPACK's `lmder` (Moré, Garbow & Hillstrom 1980, MINPACK-1, Argonne
/// ANL-80-74; Moré 1978, "The Levenberg–Marquardt algorithm: implementation and theory", LNM 630), translated
/// to 0-based Swift. Matrices are column-major: element (i, j) of an m-row matrix is `a[i + j·m]`.
enum MINPACK {
    /// Machine precision (MINPACK `dpmpar(1)`).
    static let epsmch = Double.ulpOfOne
    /// Smallest positive normal magnitude (MINPACK `dpmpar(2)`).
    static let dwarf = Double.leastNormalMagnitude

    /// Euclidean norm without destructive overflow or underflow (MINPACK `enorm`, by scaling with the largest
    /// magnitude).
    static func enorm(_ x: UnsafeBufferPointer<Double>) -> Double {
        var largest = 0.0
        for v in x { largest = max(largest, abs(v)) }
        if largest == 0 || !largest.isFinite { return largest }
        var sum = 0.0
        let scale = 1 / largest
        for v in x { let s = v * scale; sum += s * s }
        return largest * sum.squareRoot()
    }

    static func enorm(_ x: [Double]) -> Double { x.withUnsafeBufferPointer { enorm($0) } }

    /// Householder QR with column pivoting of the m × n matrix `a` (MINPACK `qrfac`, m ≥ n), in place.
    ///
    /// On return the strict upper triangle of the first n rows of `a` holds R's off-diagonal part, the lower
    /// trapezoid holds the Householder vectors (scaled so that their first element is the diagonal of `a`),
    /// `rdiag` holds R's diagonal, `acnorm` the norms of the original columns, and `ipvt[j]` the original index
    /// of column j of A·P.
    static func qrfac(
        m: Int, n: Int, a: inout [Double], pivot: Bool,
        ipvt: inout [Int], rdiag: inout [Double], acnorm: inout [Double]
    ) {
        var wa = [Double](repeating: 0, count: n)
        a.withUnsafeMutableBufferPointer { A in
            for j in 0..<n {
                acnorm[j] = enorm(UnsafeBufferPointer(rebasing: A[(j * m)..<(j * m + m)]))
                rdiag[j] = acnorm[j]
                wa[j] = rdiag[j]
                ipvt[j] = j
            }
            for j in 0..<min(m, n) {
                if pivot {
                    // Bring the column of largest remaining norm into the pivot position.
                    var kmax = j
                    for k in j..<n where rdiag[k] > rdiag[kmax] { kmax = k }
                    if kmax != j {
                        for i in 0..<m { A.swapAt(i + j * m, i + kmax * m) }
                        rdiag[kmax] = rdiag[j]
                        wa[kmax] = wa[j]
                        ipvt.swapAt(j, kmax)
                    }
                }
                // Householder transformation that reduces column j below the diagonal to a multiple of e_j.
                let cj = j * m
                var ajnorm = enorm(UnsafeBufferPointer(rebasing: A[(cj + j)..<(cj + m)]))
                if ajnorm != 0 {
                    if A[cj + j] < 0 { ajnorm = -ajnorm }
                    let inv = 1 / ajnorm
                    for i in j..<m { A[cj + i] *= inv }
                    A[cj + j] += 1
                    let ajj = A[cj + j]
                    if j + 1 < n {
                        for k in (j + 1)..<n {
                            let ck = k * m
                            var sum = 0.0
                            for i in j..<m { sum += A[cj + i] * A[ck + i] }
                            let temp = sum / ajj
                            for i in j..<m { A[ck + i] -= temp * A[cj + i] }
                            if pivot && rdiag[k] != 0 {
                                // Downdate the remaining column norm; recompute when cancellation threatens.
                                let t = A[ck + j] / rdiag[k]
                                rdiag[k] *= max(0, 1 - t * t).squareRoot()
                                let ratio = rdiag[k] / wa[k]
                                if 0.05 * ratio * ratio <= epsmch {
                                    rdiag[k] = j + 1 < m
                                        ? enorm(UnsafeBufferPointer(rebasing: A[(ck + j + 1)..<(ck + m)])) : 0
                                    wa[k] = rdiag[k]
                                }
                            }
                        }
                    }
                }
                rdiag[j] = -ajnorm
            }
        }
    }

    /// Solves min ‖(A; D)x − (b; 0)‖ given the QR factorisation A·P = Q·R and c = Qᵀb (MINPACK `qrsolv`).
    ///
    /// `r` is n × n column-major; its full upper triangle is kept, its strict lower triangle receives the strict
    /// upper triangle of S (transposed) where Pᵀ(AᵀA + DD)P = SᵀS, and `sdiag` receives S's diagonal.
    static func qrsolv(
        n: Int, r: inout [Double], ipvt: [Int], diag: [Double], qtb: [Double],
        x: inout [Double], sdiag: inout [Double]
    ) {
        var wa = qtb
        for j in 0..<n {
            for i in j..<n { r[i + j * n] = r[j + i * n] }
            x[j] = r[j + j * n]
        }
        // Eliminate the diagonal matrix D with Givens rotations.
        for j in 0..<n {
            let l = ipvt[j]
            if diag[l] != 0 {
                for k in j..<n { sdiag[k] = 0 }
                sdiag[j] = diag[l]
                var qtbpj = 0.0
                for k in j..<n where sdiag[k] != 0 {
                    let rkk = r[k + k * n]
                    let sin: Double, cos: Double
                    if abs(rkk) < abs(sdiag[k]) {
                        let cotan = rkk / sdiag[k]
                        sin = 0.5 / (0.25 + 0.25 * cotan * cotan).squareRoot()
                        cos = sin * cotan
                    } else {
                        let tan = sdiag[k] / rkk
                        cos = 0.5 / (0.25 + 0.25 * tan * tan).squareRoot()
                        sin = cos * tan
                    }
                    r[k + k * n] = cos * rkk + sin * sdiag[k]
                    let temp = cos * wa[k] + sin * qtbpj
                    qtbpj = -sin * wa[k] + cos * qtbpj
                    wa[k] = temp
                    if k + 1 < n {
                        for i in (k + 1)..<n {
                            let t = cos * r[i + k * n] + sin * sdiag[i]
                            sdiag[i] = -sin * r[i + k * n] + cos * sdiag[i]
                            r[i + k * n] = t
                        }
                    }
                }
            }
            sdiag[j] = r[j + j * n]
            r[j + j * n] = x[j]
        }
        // Solve the triangular system S z = Qᵀb; a singular S gives a least-squares solution.
        var nsing = n
        for j in 0..<n {
            if sdiag[j] == 0 && nsing == n { nsing = j }
            if nsing < n { wa[j] = 0 }
        }
        for j in stride(from: nsing - 1, through: 0, by: -1) {
            var sum = 0.0
            for i in (j + 1)..<max(j + 1, nsing) { sum += r[i + j * n] * wa[i] }
            wa[j] = (wa[j] - sum) / sdiag[j]
        }
        for j in 0..<n { x[ipvt[j]] = wa[j] }
    }

    /// The Levenberg parameter λ ≥ 0 such that x = argmin ‖(A; √λ D)x − (b; 0)‖ satisfies either λ = 0 and
    /// ‖Dx‖ ≤ 1.1Δ, or |‖Dx‖ − Δ| ≤ 0.1Δ (MINPACK `lmpar`: Moré's safeguarded Newton iteration on
    /// φ(λ) = ‖Dx(λ)‖ − Δ, at most 10 steps, with bounds parl ≤ λ ≤ paru).
    ///
    /// `par` is the starting estimate on entry and the result on return; `x` receives the step (to be
    /// subtracted from the current point: it solves J x ≈ r).
    static func lmpar(
        n: Int, r: inout [Double], ipvt: [Int], diag: [Double], qtb: [Double], delta: Double,
        par: inout Double, x: inout [Double], sdiag: inout [Double]
    ) {
        var wa1 = qtb
        var wa2 = [Double](repeating: 0, count: n)
        // Gauss–Newton direction (least-squares solution if J is rank deficient).
        var nsing = n
        for j in 0..<n {
            if r[j + j * n] == 0 && nsing == n { nsing = j }
            if nsing < n { wa1[j] = 0 }
        }
        for j in stride(from: nsing - 1, through: 0, by: -1) {
            wa1[j] /= r[j + j * n]
            let temp = wa1[j]
            for i in 0..<j { wa1[i] -= r[i + j * n] * temp }
        }
        for j in 0..<n { x[ipvt[j]] = wa1[j] }
        for j in 0..<n { wa2[j] = diag[j] * x[j] }
        var dxnorm = enorm(wa2)
        var fp = dxnorm - delta
        if fp <= 0.1 * delta { par = 0; return }

        // Lower bound parl from the Newton step (only when J has full rank), upper bound paru.
        var parl = 0.0
        if nsing >= n {
            for j in 0..<n { let l = ipvt[j]; wa1[j] = diag[l] * (wa2[l] / dxnorm) }
            for j in 0..<n {
                var sum = 0.0
                for i in 0..<j { sum += r[i + j * n] * wa1[i] }
                wa1[j] = (wa1[j] - sum) / r[j + j * n]
            }
            let temp = enorm(wa1)
            parl = ((fp / delta) / temp) / temp
        }
        for j in 0..<n {
            var sum = 0.0
            for i in 0...j { sum += r[i + j * n] * qtb[i] }
            wa1[j] = sum / diag[ipvt[j]]
        }
        let gnorm = enorm(wa1)
        var paru = gnorm / delta
        if paru == 0 { paru = dwarf / min(delta, 0.1) }
        par = min(max(par, parl), paru)
        if par == 0 { par = gnorm / dxnorm }

        var iter = 0
        while true {
            iter += 1
            if par == 0 { par = max(dwarf, 0.001 * paru) }
            let sq = par.squareRoot()
            for j in 0..<n { wa1[j] = sq * diag[j] }
            qrsolv(n: n, r: &r, ipvt: ipvt, diag: wa1, qtb: qtb, x: &x, sdiag: &sdiag)
            for j in 0..<n { wa2[j] = diag[j] * x[j] }
            dxnorm = enorm(wa2)
            let previous = fp
            fp = dxnorm - delta
            if abs(fp) <= 0.1 * delta || (parl == 0 && fp <= previous && previous < 0) || iter == 10 { break }
            // Newton correction.
            for j in 0..<n { let l = ipvt[j]; wa1[j] = diag[l] * (wa2[l] / dxnorm) }
            for j in 0..<n {
                wa1[j] /= sdiag[j]
                let temp = wa1[j]
                if j + 1 < n { for i in (j + 1)..<n { wa1[i] -= r[i + j * n] * temp } }
            }
            let temp = enorm(wa1)
            let parc = ((fp / delta) / temp) / temp
            if fp > 0 { parl = max(parl, par) }
            if fp < 0 { paru = min(paru, par) }
            par = max(parl, par + parc)
        }
    }
}
