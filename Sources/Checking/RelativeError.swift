/// `‖a − b‖₂ / ‖b‖₂`: how far `a` is from the reference `b`, relative to `b`'s size
/// (with `‖b‖₂` floored at 1e-300, so a zero reference gives the absolute error scaled up, not NaN).
///
/// The measure used to compare gradients (ACA against finite differences, one method against another).
public func relativeError(_ a: [Double], _ b: [Double]) -> Double {
    precondition(a.count == b.count, "relativeError: \(a.count) values against a reference of \(b.count)")
    var difference = 0.0, norm = 0.0
    for i in a.indices {
        let d = a[i] - b[i]
        difference += d * d
        norm += b[i] * b[i]
    }
    return difference.squareRoot() / max(norm.squareRoot(), 1e-300)
}

/// `max|aᵢ − bᵢ| / max(1, max|bᵢ|)`: the largest componentwise error, absolute for small references
/// and relative for large ones (the mixed measure of a tolerance `rtol = atol`).
///
/// The measure used to compare a field's value, VJP or JVP with a reference implementation, where one
/// component far off must not hide behind many exact ones (as it can in a 2-norm).
public func mixedMaxError(_ a: [Double], _ b: [Double]) -> Double {
    precondition(a.count == b.count, "mixedMaxError: \(a.count) values against a reference of \(b.count)")
    var scale = 1.0, largest = 0.0
    for x in b { scale = max(scale, abs(x)) }
    for i in a.indices { largest = max(largest, abs(a[i] - b[i])) }
    return largest / scale
}
