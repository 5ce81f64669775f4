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
