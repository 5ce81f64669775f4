/// The two inner loops of a dense layer over raw pointers: a dot product (forward,
/// row-major `W` times a vector) and an axpy (backward, `y += αx`).
///
/// Both use two `SIMD4<Double>` accumulators/lanes so that the x86-64 baseline (SSE2)
/// keeps four independent add chains in flight: a plain scalar reduction is not
/// reassociated by the compiler (strict IEEE) and would be latency-bound.
/// Summation order is fixed, so results are deterministic on every thread.
@usableFromInline
enum DenseKernels {
    /// Σ_{j<n} a[j]·b[j].
    @inlinable @inline(__always)
    static func dot(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ n: Int) -> Double {
        let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
        var s0 = SIMD4<Double>(), s1 = SIMD4<Double>()
        var j = 0
        while j + 8 <= n {
            let o = j &* 8
            s0 += ra.loadUnaligned(fromByteOffset: o, as: SIMD4<Double>.self)
                * rb.loadUnaligned(fromByteOffset: o, as: SIMD4<Double>.self)
            s1 += ra.loadUnaligned(fromByteOffset: o &+ 32, as: SIMD4<Double>.self)
                * rb.loadUnaligned(fromByteOffset: o &+ 32, as: SIMD4<Double>.self)
            j &+= 8
        }
        if j + 4 <= n {
            let o = j &* 8
            s0 += ra.loadUnaligned(fromByteOffset: o, as: SIMD4<Double>.self)
                * rb.loadUnaligned(fromByteOffset: o, as: SIMD4<Double>.self)
            j &+= 4
        }
        let s = s0 + s1
        var sum = (s[0] + s[2]) + (s[1] + s[3])
        while j < n {
            sum += a[j] * b[j]
            j &+= 1
        }
        return sum
    }

    /// y[j] += α·x[j] for j < n.
    @inlinable @inline(__always)
    static func axpy(_ alpha: Double, _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ n: Int) {
        let rx = UnsafeRawPointer(x), ry = UnsafeMutableRawPointer(y)
        let a = SIMD4<Double>(repeating: alpha)
        var j = 0
        while j + 4 <= n {
            let o = j &* 8
            let v = ry.loadUnaligned(fromByteOffset: o, as: SIMD4<Double>.self)
                + a * rx.loadUnaligned(fromByteOffset: o, as: SIMD4<Double>.self)
            ry.storeBytes(of: v, toByteOffset: o, as: SIMD4<Double>.self)
            j &+= 4
        }
        while j < n {
            y[j] += alpha * x[j]
            j &+= 1
        }
    }
}
