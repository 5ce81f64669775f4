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

    /// out[i] = b[i] + Σ_j W[i, j]·x[j] for a row-major `fanOut × fanIn` matrix `W`.
    ///
    /// Rows go four at a time, so each load of `x` serves four rows and eight
    /// independent SIMD add chains are in flight; leftover rows use ``dot(_:_:_:)``.
    @inlinable @inline(__always)
    static func affine(_ w: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ x: UnsafePointer<Double>,
                       fanIn n: Int, fanOut: Int, into out: UnsafeMutablePointer<Double>) {
        let rx = UnsafeRawPointer(x)
        var i = 0
        while i + 4 <= fanOut {
            let r0 = UnsafeRawPointer(w + i &* n), r1 = UnsafeRawPointer(w + (i &+ 1) &* n)
            let r2 = UnsafeRawPointer(w + (i &+ 2) &* n), r3 = UnsafeRawPointer(w + (i &+ 3) &* n)
            var a0 = SIMD4<Double>(), a1 = SIMD4<Double>(), a2 = SIMD4<Double>(), a3 = SIMD4<Double>()
            var j = 0
            while j + 4 <= n {
                let o = j &* 8
                let xv = rx.loadUnaligned(fromByteOffset: o, as: SIMD4<Double>.self)
                a0 += r0.loadUnaligned(fromByteOffset: o, as: SIMD4<Double>.self) * xv
                a1 += r1.loadUnaligned(fromByteOffset: o, as: SIMD4<Double>.self) * xv
                a2 += r2.loadUnaligned(fromByteOffset: o, as: SIMD4<Double>.self) * xv
                a3 += r3.loadUnaligned(fromByteOffset: o, as: SIMD4<Double>.self) * xv
                j &+= 4
            }
            var s0 = (a0[0] + a0[2]) + (a0[1] + a0[3]), s1 = (a1[0] + a1[2]) + (a1[1] + a1[3])
            var s2 = (a2[0] + a2[2]) + (a2[1] + a2[3]), s3 = (a3[0] + a3[2]) + (a3[1] + a3[3])
            while j < n {
                let xj = x[j]
                s0 += w[i &* n &+ j] * xj
                s1 += w[(i &+ 1) &* n &+ j] * xj
                s2 += w[(i &+ 2) &* n &+ j] * xj
                s3 += w[(i &+ 3) &* n &+ j] * xj
                j &+= 1
            }
            out[i] = s0 + b[i]
            out[i &+ 1] = s1 + b[i &+ 1]
            out[i &+ 2] = s2 + b[i &+ 2]
            out[i &+ 3] = s3 + b[i &+ 3]
            i &+= 4
        }
        while i < fanOut {
            out[i] = dot(w + i &* n, x, n) + b[i]
            i &+= 1
        }
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
