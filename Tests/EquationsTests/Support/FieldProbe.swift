import ODE
import TestSupport

/// Array-based wrappers over a field's buffer-pointer API, for tests.
enum FieldProbe {
    static func value<F: VectorField>(_ f: F, t: Double, y: [Double], p: [Double]) -> [Double] {
        var out = [Double](repeating: 0, count: f.dimension)
        y.withUnsafeBufferPointer { yb in p.withUnsafeBufferPointer { pb in
            out.withUnsafeMutableBufferPointer { f.evaluate(t: t, y: yb, parameters: pb, into: $0) }
        } }
        return out
    }

    /// `(vᵀ∂f/∂y, vᵀ∂f/∂p)`, starting from zero.
    static func vjp<F: DifferentiableVectorField>(_ f: F, t: Double, y: [Double], p: [Double], v: [Double]) -> ([Double], [Double]) {
        var gy = [Double](repeating: 0, count: f.dimension), gp = [Double](repeating: 0, count: f.parameterCount)
        y.withUnsafeBufferPointer { yb in p.withUnsafeBufferPointer { pb in v.withUnsafeBufferPointer { vb in
            gy.withUnsafeMutableBufferPointer { gyb in gp.withUnsafeMutableBufferPointer { gpb in
                f.vectorJacobianProduct(t: t, y: yb, parameters: pb, cotangent: vb, stateCotangent: gyb, parameterCotangent: gpb)
            } }
        } } }
        return (gy, gp)
    }

    static func jvp<F: ForwardDifferentiableVectorField>(_ f: F, t: Double, y: [Double], p: [Double],
                                                         dy: [Double], dp: [Double]) -> [Double] {
        var out = [Double](repeating: .nan, count: f.dimension)
        y.withUnsafeBufferPointer { yb in p.withUnsafeBufferPointer { pb in
            dy.withUnsafeBufferPointer { db in dp.withUnsafeBufferPointer { dpb in
                out.withUnsafeMutableBufferPointer {
                    f.jacobianVectorProduct(t: t, y: yb, parameters: pb, stateTangent: db, parameterTangent: dpb, into: $0)
                }
            } }
        } }
        return out
    }

    static func timeDerivative<F: TimeDifferentiableVectorField>(_ f: F, t: Double, y: [Double], p: [Double]) -> [Double] {
        var out = [Double](repeating: .nan, count: f.dimension)
        y.withUnsafeBufferPointer { yb in p.withUnsafeBufferPointer { pb in
            out.withUnsafeMutableBufferPointer { f.timeDerivative(t: t, y: yb, parameters: pb, into: $0) }
        } }
        return out
    }

    /// Largest `|a − b| / max(1, max|b|)` (Checking's `mixedMaxError`).
    static func relativeError(_ a: [Double], _ b: [Double]) -> Double { mixedMaxError(a, b) }
}
