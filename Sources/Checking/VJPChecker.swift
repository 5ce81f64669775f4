import ODE

/// Compares a field's hand-written vector–Jacobian product with central finite differences:
/// the check to run on every model you write before fitting it (a wrong VJP gives a wrong
/// gradient, and the fit then stalls or wanders without saying why).
///
/// Griewank & Walther, *Evaluating Derivatives* (2008), §3: a reverse-mode product `vᵀJ`
/// must equal the directional derivative of `vᵀf` along each coordinate.
public enum VJPChecker {
    /// The largest error, relative to the larger of 1 and the gradient's size,
    /// between `vᵀ∂f/∂(y, p)` from the field and from central differences with step `h`.
    ///
    /// Also checks that the VJP accumulates (`+=`) rather than overwrites: it is
    /// called on buffers pre-filled with 1 and the 1 is subtracted afterwards.
    public static func maxRelativeError<F: DifferentiableVectorField>(
        _ field: F, t: Double = 0.3, y: [Double], parameters p: [Double], cotangent v: [Double], h: Double = 1e-6
    ) -> Double {
        let n = field.dimension, m = field.parameterCount
        precondition(y.count == n && p.count == m && v.count == n, "VJPChecker: sizes do not match the field")
        var gy = [Double](repeating: 1, count: n), gp = [Double](repeating: 1, count: m)
        y.withUnsafeBufferPointer { yb in p.withUnsafeBufferPointer { pb in v.withUnsafeBufferPointer { vb in
            gy.withUnsafeMutableBufferPointer { gyb in gp.withUnsafeMutableBufferPointer { gpb in
                field.vectorJacobianProduct(t: t, y: yb, parameters: pb, cotangent: vb, stateCotangent: gyb, parameterCotangent: gpb)
            } }
        } } }
        gy = gy.map { $0 - 1 }
        gp = gp.map { $0 - 1 }
        func f(_ y: [Double], _ p: [Double]) -> Double {
            var dy = [Double](repeating: 0, count: n)
            y.withUnsafeBufferPointer { yb in p.withUnsafeBufferPointer { pb in
                dy.withUnsafeMutableBufferPointer { field.evaluate(t: t, y: yb, parameters: pb, into: $0) }
            } }
            return zip(dy, v).reduce(0) { $0 + $1.0 * $1.1 }
        }
        var numeric: [Double] = []
        for k in 0..<n {
            var plus = y, minus = y
            plus[k] += h; minus[k] -= h
            numeric.append((f(plus, p) - f(minus, p)) / (2 * h))
        }
        for k in 0..<m {
            var plus = p, minus = p
            plus[k] += h; minus[k] -= h
            numeric.append((f(y, plus) - f(y, minus)) / (2 * h))
        }
        let analytic = gy + gp
        let scale = max(1, analytic.map(abs).max() ?? 0)
        return zip(analytic, numeric).map { abs($0 - $1) / scale }.max() ?? 0
    }
}
