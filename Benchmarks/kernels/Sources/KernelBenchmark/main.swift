// Benchmarks/kernels: see run.sh. Single-threaded; each number is the fastest of `runs` timed
// runs, each repeating the call (in groups of 8) until ≥ 20 ms of this thread's CPU time have
// passed: CLOCK_THREAD_CPUTIME_ID, so that time slices given to other processes on a shared
// machine are not counted (cache and memory-bandwidth sharing still are).
import CKernels
import Foundation
import Models
import PeakFMA

let runs = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 7 : 7

/// This thread's CPU time in nanoseconds.
func threadNanoseconds() -> UInt64 {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
}

func nanoseconds(_ body: () -> Void) -> Double {
    var best = Double.infinity
    for _ in 0..<runs {
        var calls = 0
        let start = threadNanoseconds()
        var now = start
        repeat {
            for _ in 0..<8 { body() }
            calls += 8
            now = threadNanoseconds()
        } while now - start < 20_000_000
        best = min(best, Double(now - start) / Double(calls))
    }
    return best
}

func format(_ x: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f", x) }

// MARK: Peak
let peakIterations = 20_000_000
let avx2Seconds = nanoseconds { _ = peak_fma_avx2(peakIterations / 100) } * 1e-9
let avx2Peak = Double(peakIterations / 100) * 12 * 4 * 2 / avx2Seconds / 1e9
print("### Peak of one core (measured: independent FMAs, no loads)")
print()
print("| instructions | GFLOP/s |")
print("|---|---:|")
print("| AVX2 FMA (4 lanes) | \(format(avx2Peak)) |")
var avx512Peak: Double? = nil
if peak_has_avx512() != 0 {
    let seconds = nanoseconds { _ = peak_fma_avx512(peakIterations / 200) } * 1e-9
    avx512Peak = Double(peakIterations / 200) * 24 * 8 * 2 / seconds / 1e9
    print("| AVX-512 FMA (8 lanes) | \(format(avx512Peak!)) |")
}
print()

// MARK: MLP kernels
let implementations = [Int32(CK_ISA_BASELINE), Int32(CK_ISA_AVX2_FMA), Int32(CK_ISA_AVX512)].compactMap { ck_kernels_for($0) }
print("### MLP evaluate and VJP (tanh), per call of `count` states")
print()
print("GFLOP/s counts 2 flops per multiply–add: evaluate = 2·MACs·count, VJP = 6·MACs·count (forward, Wᵀg and g hᵀ);")
print("activations are not counted. % peak is against the machine's peak (the widest FMA peak above: AVX-512 when")
print("the CPU has it, else AVX2); % own is against the peak of the kernels' own vector width (AVX2 for baseline and avx2+fma).")
print()
let machinePeak = avx512Peak ?? avx2Peak
print("| network | batch | kernels | ns/evaluate | GFLOP/s | % peak | % own | ns/VJP | GFLOP/s | % peak | % own |")
print("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|")
for (d, hidden) in [(2, [64, 64]), (18, [64, 64]), (2, [256, 256])] {
    let field = MLPVectorField(stateDimension: d, hiddenWidths: hidden, activation: .tanh)
    let p = field.initialParameters(seed: 1).enumerated().map { $0.element + 0.01 * Double($0.offset % 7) }
    let macs = Double(field.multiplyAddCount)
    for count in [1, 8, 32, 64, 256] {
        let states = (0..<(count * d)).map { sin(Double($0)) }
        let v = (0..<(count * d)).map { cos(Double($0)) }
        var out = [Double](repeating: 0, count: count * d), gy = out, gp = [Double](repeating: 0, count: p.count)
        for implementation in implementations {
            let (evaluateNs, vjpNs) = field.layerSizes.withUnsafeBufferPointer { sizes -> (Double, Double) in
                var net = ck_mlp(sizes: sizes.baseAddress!, layer_count: field.layerCount, activation: Int32(CK_TANH),
                                 time_input: 0, output_scale: 1)
                let e = nanoseconds { implementation.pointee.mlp_forward(&net, 0, states, count, p, &out, 0) }
                let g = nanoseconds { implementation.pointee.mlp_vjp(&net, 0, states, count, p, v, &gy, &gp) }
                return (e, g)
            }
            let evaluateFlops = 2 * macs * Double(count) / evaluateNs, vjpFlops = 6 * macs * Double(count) / vjpNs
            let ownPeak = implementation.pointee.isa == Int32(CK_ISA_AVX512) ? machinePeak : avx2Peak
            print("| \(field.layerSizes.map(String.init).joined(separator: "-")) | \(count) | \(String(cString: implementation.pointee.name)) | "
                  + "\(format(evaluateNs, 0)) | \(format(evaluateFlops)) | \(format(100 * evaluateFlops / machinePeak, 0)) | \(format(100 * evaluateFlops / ownPeak, 0)) | "
                  + "\(format(vjpNs, 0)) | \(format(vjpFlops)) | \(format(100 * vjpFlops / machinePeak, 0)) | \(format(100 * vjpFlops / ownPeak, 0)) |")
        }
    }
}
print()

// MARK: Single-state public path
print("### One state: MLPVectorField's methods (active kernels: \(String(cString: ck_kernels_active().pointee.name))) vs the previous Swift path")
print()
print("The previous path (`DenseKernels` + libm `tanh`, SIMD4 on the SSE2 baseline) is copied into `SwiftReference.swift` and timed in the same run.")
print()
print("| network | ns/evaluate | previous Swift | ns/VJP | previous Swift |")
print("|---|---:|---:|---:|---:|")
for (d, hidden) in [(2, [64, 64]), (18, [64, 64]), (18, [256, 256])] {
    let field = MLPVectorField(stateDimension: d, hiddenWidths: hidden, activation: .tanh)
    let p = field.initialParameters(seed: 1)
    let y = (0..<d).map { sin(Double($0)) }, v = (0..<d).map { cos(Double($0)) }
    var dy = [Double](repeating: 0, count: d), gy = dy, gp = [Double](repeating: 0, count: p.count)
    var scratch = [Double](repeating: 0, count: 4 * field.layerSizes.reduce(0, +))
    let e = y.withUnsafeBufferPointer { yb in p.withUnsafeBufferPointer { pb in dy.withUnsafeMutableBufferPointer { o in
        nanoseconds { field.evaluate(t: 0, y: yb, parameters: pb, into: o) }
    } } }
    let g = y.withUnsafeBufferPointer { yb in p.withUnsafeBufferPointer { pb in v.withUnsafeBufferPointer { vb in
        gy.withUnsafeMutableBufferPointer { gyb in gp.withUnsafeMutableBufferPointer { gpb in
            nanoseconds { field.vectorJacobianProduct(t: 0, y: yb, parameters: pb, cotangent: vb, stateCotangent: gyb, parameterCotangent: gpb) }
        } }
    } } }
    let sizes = field.layerSizes
    let (oldE, oldG) = p.withUnsafeBufferPointer { pb in y.withUnsafeBufferPointer { yb in v.withUnsafeBufferPointer { vb in
        dy.withUnsafeMutableBufferPointer { o in gy.withUnsafeMutableBufferPointer { gyb in gp.withUnsafeMutableBufferPointer { gpb in
            scratch.withUnsafeMutableBufferPointer { sb -> (Double, Double) in
                let e = nanoseconds { SwiftReference.run(sizes: sizes, p: pb.baseAddress!, x: yb.baseAddress!, out: o.baseAddress!, v: nil,
                                                         gp: gpb.baseAddress!, gy: gyb.baseAddress!, scratch: sb.baseAddress!) }
                let g = nanoseconds { SwiftReference.run(sizes: sizes, p: pb.baseAddress!, x: yb.baseAddress!, out: o.baseAddress!, v: vb.baseAddress!,
                                                         gp: gpb.baseAddress!, gy: gyb.baseAddress!, scratch: sb.baseAddress!) }
                return (e, g)
            }
        } } }
    } } }
    print("| \(field.architecture) | \(format(e, 0)) | \(format(oldE, 0)) | \(format(g, 0)) | \(format(oldG, 0)) |")
}
print()

// MARK: Activations
print("### Activations: ns per element over 4096 values in [−4, 4]")
print()
print("| activation | libm (scalar loop) | " + implementations.map { String(cString: $0.pointee.name) }.joined(separator: " | ") + " |")
print("|---|---:|" + implementations.map { _ in "---:|" }.joined())
let z = (0..<4096).map { 4 * sin(Double($0) * 0.37) }
var h = [Double](repeating: 0, count: z.count)
for activation in Activation.allCases {
    let code: Int32 = activation == .tanh ? Int32(CK_TANH) : activation == .softplus ? Int32(CK_SOFTPLUS) : Int32(CK_SILU)
    let libm = nanoseconds {
        h.withUnsafeMutableBufferPointer { hb in for k in 0..<z.count { hb[k] = activation.value(z[k]) } }
    } / Double(z.count)
    let vector = implementations.map { implementation in
        nanoseconds { implementation.pointee.activation_forward(code, z, &h, z.count) } / Double(z.count)
    }
    print("| \(activation) | \(format(libm, 2)) | " + vector.map { format($0, 2) }.joined(separator: " | ") + " |")
}
