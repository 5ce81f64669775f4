import Foundation

/// The single-state MLP path as it was before CKernels (Orrery's `DenseKernels` + libm `tanh`):
/// rows four at a time with `SIMD4` accumulators (SSE2 two-wide, no FMA), one libm call per unit.
/// Kept here only as the same-run reference for the new kernels.
enum SwiftReference {
    static func affine(_ w: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ x: UnsafePointer<Double>,
                       fanIn n: Int, fanOut: Int, into out: UnsafeMutablePointer<Double>) {
        let rx = UnsafeRawPointer(x)
        var i = 0
        while i + 4 <= fanOut {
            let r0 = UnsafeRawPointer(w + i * n), r1 = UnsafeRawPointer(w + (i + 1) * n)
            let r2 = UnsafeRawPointer(w + (i + 2) * n), r3 = UnsafeRawPointer(w + (i + 3) * n)
            var a0 = SIMD4<Double>(), a1 = SIMD4<Double>(), a2 = SIMD4<Double>(), a3 = SIMD4<Double>()
            var j = 0
            while j + 4 <= n {
                let o = j * 8, xv = rx.loadUnaligned(fromByteOffset: o, as: SIMD4<Double>.self)
                a0 += r0.loadUnaligned(fromByteOffset: o, as: SIMD4<Double>.self) * xv
                a1 += r1.loadUnaligned(fromByteOffset: o, as: SIMD4<Double>.self) * xv
                a2 += r2.loadUnaligned(fromByteOffset: o, as: SIMD4<Double>.self) * xv
                a3 += r3.loadUnaligned(fromByteOffset: o, as: SIMD4<Double>.self) * xv
                j += 4
            }
            var s0 = (a0[0] + a0[2]) + (a0[1] + a0[3]), s1 = (a1[0] + a1[2]) + (a1[1] + a1[3])
            var s2 = (a2[0] + a2[2]) + (a2[1] + a2[3]), s3 = (a3[0] + a3[2]) + (a3[1] + a3[3])
            while j < n {
                let xj = x[j]
                s0 += w[i * n + j] * xj; s1 += w[(i + 1) * n + j] * xj
                s2 += w[(i + 2) * n + j] * xj; s3 += w[(i + 3) * n + j] * xj
                j += 1
            }
            out[i] = s0 + b[i]; out[i + 1] = s1 + b[i + 1]; out[i + 2] = s2 + b[i + 2]; out[i + 3] = s3 + b[i + 3]
            i += 4
        }
        while i < fanOut {
            var s = 0.0
            for j in 0..<n { s += w[i * n + j] * x[j] }
            out[i] = s + b[i]
            i += 1
        }
    }

    static func axpy(_ alpha: Double, _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ n: Int) {
        var j = 0
        let a = SIMD4<Double>(repeating: alpha), rx = UnsafeRawPointer(x), ry = UnsafeMutableRawPointer(y)
        while j + 4 <= n {
            let o = j * 8
            let v = ry.loadUnaligned(fromByteOffset: o, as: SIMD4<Double>.self) + a * rx.loadUnaligned(fromByteOffset: o, as: SIMD4<Double>.self)
            ry.storeBytes(of: v, toByteOffset: o, as: SIMD4<Double>.self)
            j += 4
        }
        while j < n { y[j] += alpha * x[j]; j += 1 }
    }

    /// Forward (and with `v`, the VJP) of a tanh MLP with layer sizes `sizes`; scratch from the caller.
    static func run(sizes: [Int], p: UnsafePointer<Double>, x: UnsafePointer<Double>, out: UnsafeMutablePointer<Double>,
                    v: UnsafePointer<Double>?, gp: UnsafeMutablePointer<Double>, gy: UnsafeMutablePointer<Double>,
                    scratch: UnsafeMutablePointer<Double>) {
        let layers = sizes.count - 1, width = sizes.max()!
        var hidden = 0
        for l in 1..<layers { hidden += sizes[l] }
        let zs = scratch, hs = zs + hidden
        var input = x, offset = 0, poff = 0
        var offsets = InlineArray<8, Int>(repeating: 0)
        for l in 0..<layers {
            offsets[l] = poff
            let fanIn = sizes[l], fanOut = sizes[l + 1], w = p + poff
            if l == layers - 1 {
                affine(w, w + fanOut * fanIn, input, fanIn: fanIn, fanOut: fanOut, into: out)
            } else {
                affine(w, w + fanOut * fanIn, input, fanIn: fanIn, fanOut: fanOut, into: zs + offset)
                for k in 0..<fanOut { hs[offset + k] = tanh(zs[offset + k]) }
                input = UnsafePointer(hs + offset)
                offset += fanOut
            }
            poff += fanOut * fanIn + fanOut
        }
        guard let v else { return }
        var g = hs + hidden, spare = g + width
        for i in 0..<sizes[layers] { g[i] = v[i] }
        for l in stride(from: layers - 1, through: 0, by: -1) {
            let fanOut = sizes[l + 1], fanIn = sizes[l]
            let inputOffset = l > 0 ? offset - fanIn : 0
            let a = l > 0 ? UnsafePointer(hs + inputOffset) : x
            let w = p + offsets[l], gw = gp + offsets[l], gb = gw + fanOut * fanIn
            for j in 0..<fanIn { spare[j] = 0 }
            for i in 0..<fanOut {
                gb[i] += g[i]
                axpy(g[i], a, gw + i * fanIn, fanIn)
                axpy(g[i], w + i * fanIn, spare, fanIn)
            }
            if l > 0 {
                for k in 0..<fanIn { spare[k] *= 1 - hs[inputOffset + k] * hs[inputOffset + k] }
            } else {
                for k in 0..<fanIn { gy[k] += spare[k] }
            }
            swap(&g, &spare)
            offset = inputOffset
        }
    }
}
