import CKernels
import Foundation
import Models
import Randomness
import Testing

/// The vectorized activations of `CKernels` against long-double (`Float80`) references and
/// against libm, on every implementation this CPU runs (baseline, AVX2+FMA, AVX-512).
@Suite("Activation kernels")
struct ActivationKernelTests {
    /// The bounds documented in CKernels.h (max error in ulp of the double result).
    static let ulpBound: [Int32: Double] = [Int32(CK_TANH): 3, Int32(CK_SOFTPLUS): 3, Int32(CK_SILU): 4]

    static var implementations: [UnsafePointer<ck_kernels>] {
        [Int32(CK_ISA_BASELINE), Int32(CK_ISA_AVX2_FMA), Int32(CK_ISA_AVX512)].compactMap { ck_kernels_for($0) }
    }

    /// 10⁶ points: uniform on [−1, 1] and [−40, 40], log-uniform magnitudes 2^[−1074, 10] of both
    /// signs (subnormals to large), and the edges: ±0, ±∞, NaN, saturation and underflow points.
    static let points: [Double] = {
        var random = SeededRandom(seed: 13)
        var x: [Double] = [0, -0.0, .infinity, -.infinity, .nan, .leastNonzeroMagnitude, -.leastNonzeroMagnitude, 0x1p-1063, -0x1p-1030, .leastNormalMagnitude,
                           19.06, -19.06, 20, -20, 36.8, 37, 708, -708, 709.8, -745, -745.2, -746, 1e300, -1e300,
                           .greatestFiniteMagnitude, -.greatestFiniteMagnitude, 0.1732, 0.1733, 0.3466, 0.3467, -1.2785]
        for k in 0..<1_000_000 {
            switch k % 3 {
            case 0: x.append(random.uniform(-1, 1))
            case 1: x.append(random.uniform(-40, 40))
            default:
                let magnitude = Foundation.pow(2.0, random.uniform(-1074, 10))
                x.append(random.uniform(-1, 1) < 0 ? -magnitude : magnitude)
            }
        }
        return x
    }()

    static func reference(_ kind: Int32, _ z: Double) -> Float80 {
        let x = Float80(z)
        switch kind {
        case Int32(CK_TANH): return tanhl(x)
        case Int32(CK_SOFTPLUS): return z > 0 ? x + log1pl(expl(-x)) : log1pl(expl(x))
        default: return z.isInfinite ? (z > 0 ? x : 0) : x / (1 + expl(-x))
        }
    }

    static func libm(_ kind: Int32, _ z: Double) -> Double {
        switch kind {
        case Int32(CK_TANH): return Activation.tanh.value(z)
        case Int32(CK_SOFTPLUS): return Activation.softplus.value(z)
        default: return z.isInfinite ? (z > 0 ? z : 0) : Activation.silu.value(z)
        }
    }

    /// |y − reference| in units in the last place of the correctly rounded result.
    static func ulpError(_ y: Double, _ reference: Float80) -> Double {
        if reference.isNaN { return y.isNaN ? 0 : .infinity }
        let rounded = Double(reference)
        if rounded.isInfinite || y.isInfinite { return y == rounded ? 0 : .infinity }
        let ulp = rounded == 0 ? Double.leastNonzeroMagnitude : rounded.ulp
        return Double(abs(Float80(y) - reference) / Float80(ulp))
    }

    @Test("values within the documented ulp bound of long double and libm over 10⁶ points",
          arguments: [Int32(CK_TANH), Int32(CK_SOFTPLUS), Int32(CK_SILU)])
    func valuesAreAccurate(kind: Int32) {
        let z = Self.points, bound = Self.ulpBound[kind]!
        for implementation in Self.implementations {
            var h = [Double](repeating: .nan, count: z.count)
            implementation.pointee.activation_forward(kind, z, &h, z.count)
            var worst = 0.0, worstAt = 0.0, worstLibm = 0.0, worstLibmAt = 0.0
            for k in z.indices {
                let error = Self.ulpError(h[k], Self.reference(kind, z[k]))
                if !(error <= worst) { worst = error; worstAt = z[k] }
                // libm-composed softplus/SiLU (Activation.value) lose bits when e^z is subnormal
                // (results below ~2^-1000, even rounding them to 0); the long-double check above covers that range.
                let libm = Self.libm(kind, z[k])
                if abs(libm) < 0x1p-1000 { continue }
                let againstLibm = libm.isNaN ? (h[k].isNaN ? 0 : .infinity)
                    : libm.isInfinite ? (h[k] == libm ? 0 : .infinity)
                    : abs(h[k] - libm) / (libm == 0 ? Double.leastNonzeroMagnitude : libm.ulp)
                if !(againstLibm <= worstLibm) { worstLibm = againstLibm; worstLibmAt = z[k] }
            }
            let name = String(cString: implementation.pointee.name)
            #expect(worst <= bound, "\(name) kind \(kind): \(worst) ulp at \(worstAt)")
            #expect(worstLibm <= bound + 1, "\(name) kind \(kind): \(worstLibm) ulp from libm at \(worstLibmAt)")
        }
    }

    @Test("derivatives match long-double references", arguments: [Int32(CK_TANH), Int32(CK_SOFTPLUS), Int32(CK_SILU)])
    func derivativesAreAccurate(kind: Int32) {
        let z = Self.points.filter { abs($0) <= 40 }
        for implementation in Self.implementations {
            var h = [Double](repeating: 0, count: z.count), g = [Double](repeating: 1, count: z.count)
            implementation.pointee.activation_forward(kind, z, &h, z.count)
            implementation.pointee.activation_backward(kind, &g, z, h, z.count)
            var worst = 0.0
            for k in z.indices {
                let x = Float80(z[k]), e = expl(-abs(x))
                let s = x >= 0 ? 1 / (1 + e) : e / (1 + e), sc = 1 - s
                let reference: Float80
                switch kind {
                case Int32(CK_TANH): reference = 1 - tanhl(x) * tanhl(x)
                case Int32(CK_SOFTPLUS): reference = s
                default: reference = s * (1 + x * sc)
                }
                let tolerance = kind == Int32(CK_SOFTPLUS) ? 4 * Double(reference).ulp : 4e-16 + 1e-14 * abs(Double(reference))
                worst = max(worst, Double(abs(Float80(g[k]) - reference)) / tolerance)
            }
            #expect(worst <= 1, "\(String(cString: implementation.pointee.name)) kind \(kind): \(worst) × tolerance")
        }
    }

    @Test("the baseline is always available and the active implementation is one of those listed")
    func dispatch() {
        #expect(ck_kernels_for(Int32(CK_ISA_BASELINE)) != nil)
        let active = ck_kernels_active()!
        #expect(Self.implementations.contains(active))
        switch ProcessInfo.processInfo.environment["ORRERY_KERNELS"] {
        case "baseline": #expect(active.pointee.isa == Int32(CK_ISA_BASELINE))
        case "avx2": #expect(active.pointee.isa <= Int32(CK_ISA_AVX2_FMA))
        default: #expect(active.pointee.isa == Self.implementations.last!.pointee.isa, "the best implementation is active")
        }
    }
}
