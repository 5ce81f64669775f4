/// Small dense matrices (row-major `d × d`): `exp(A)` and its Fréchet derivative — the exact
/// flow of a ``LinearSystem`` (`z(t) = exp(At) z0`) and its sensitivity to `A`, used as the
/// analytic reference for gradients of linear ODEs (tests and `orrery reproduce gradient-accuracy`).
public enum MatrixExponential {
    public static func multiply(_ a: [Double], _ b: [Double], _ d: Int) -> [Double] {
        var c = [Double](repeating: 0, count: d * d)
        for i in 0..<d { for k in 0..<d { let aik = a[i * d + k]; for j in 0..<d { c[i * d + j] += aik * b[k * d + j] } } }
        return c
    }

    /// `exp(A)` by scaling and squaring with a 30-term Taylor series (accurate to rounding for small `d`
    /// and moderate ‖A‖; the linear experiment's ‖A T‖ stays below 10²).
    public static func exponential(_ a: [Double], _ d: Int) -> [Double] {
        let norm = a.map(abs).max() ?? 0
        var squarings = 0
        var scale = 1.0
        while norm * scale * Double(d) > 0.25 { scale /= 2; squarings += 1 }
        let x = a.map { $0 * scale }
        var result = [Double](repeating: 0, count: d * d)
        var term = [Double](repeating: 0, count: d * d)
        for i in 0..<d { result[i * d + i] = 1; term[i * d + i] = 1 }
        for k in 1...30 {
            term = multiply(term, x, d).map { $0 / Double(k) }
            for i in 0..<(d * d) { result[i] += term[i] }
        }
        for _ in 0..<squarings { result = multiply(result, result, d) }
        return result
    }

    /// The Fréchet derivative `L(X, E)` of `exp` at `X` in direction `E`: the upper-right block of
    /// `exp([[X, E], [0, X]])` (Van Loan 1978).
    public static func exponentialDerivative(_ x: [Double], _ e: [Double], _ d: Int) -> [Double] {
        let d2 = 2 * d
        var block = [Double](repeating: 0, count: d2 * d2)
        for i in 0..<d {
            for j in 0..<d {
                block[i * d2 + j] = x[i * d + j]
                block[(d + i) * d2 + d + j] = x[i * d + j]
                block[i * d2 + d + j] = e[i * d + j]
            }
        }
        let full = exponential(block, d2)
        var out = [Double](repeating: 0, count: d * d)
        for i in 0..<d { for j in 0..<d { out[i * d + j] = full[i * d2 + d + j] } }
        return out
    }
}
