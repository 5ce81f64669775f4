// ns per evaluate and per VJP of MLPVectorField (and a hybrid), beside plain-Swift lower bounds.
// Usage: swift run -c release ModelBenchmark [iterations]
import Foundation
import MallocCounter
import Models
import ODE
import Physics

let iterations = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1])! : 20_000
let repeats = 15

/// Fastest of `repeats` runs in ns per call (the machine is shared: the minimum is the least
/// disturbed run), and heap allocations per call.
func measure(_ body: (Int) -> Void) -> (ns: Double, allocations: Double) {
    for k in 0..<(iterations / 10) { body(k) } // warm-up
    var times: [Double] = []
    let before = orrery_allocation_count()
    for _ in 0..<repeats {
        let start = DispatchTime.now().uptimeNanoseconds
        for k in 0..<iterations { body(k) }
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / Double(iterations))
    }
    let allocations = Double(orrery_allocation_count() - before) / Double(repeats * iterations)
    return (times.min()!, allocations)
}

nonisolated(unsafe) var sink = 0.0
let pool = 64

/// Benchmarks one field: evaluate and VJP over a pool of random inputs.
func benchmark<F: DifferentiableVectorField>(_ field: F, parameters p: [Double]) -> (eval: (ns: Double, allocations: Double), vjp: (ns: Double, allocations: Double)) {
    let n = field.dimension, m = field.parameterCount
    var state = (0..<(pool * n)).map { k in sin(Double(k) * 0.7) }
    var cot = (0..<(pool * n)).map { k in cos(Double(k) * 0.3) }
    var dy = [Double](repeating: 0, count: n), gy = [Double](repeating: 0, count: n), gp = [Double](repeating: 0, count: m)
    let params = p
    let e = params.withUnsafeBufferPointer { pb in state.withUnsafeMutableBufferPointer { ys in dy.withUnsafeMutableBufferPointer { out in
        measure { k in
            let y = UnsafeBufferPointer(rebasing: ys[((k % pool) * n)..<((k % pool) * n + n)])
            field.evaluate(t: 0.5, y: y, parameters: pb, into: out)
        }
    } } }
    sink += dy.reduce(0, +)
    let v = params.withUnsafeBufferPointer { pb in state.withUnsafeMutableBufferPointer { ys in cot.withUnsafeMutableBufferPointer { vs in
        gy.withUnsafeMutableBufferPointer { gyb in gp.withUnsafeMutableBufferPointer { gpb in
            measure { k in
                let r = ((k % pool) * n)..<((k % pool) * n + n)
                field.vectorJacobianProduct(t: 0.5, y: UnsafeBufferPointer(rebasing: ys[r]), parameters: pb,
                                            cotangent: UnsafeBufferPointer(rebasing: vs[r]), stateCotangent: gyb, parameterCotangent: gpb)
            }
        } }
    } } }
    sink += gy.reduce(0, +) + gp.reduce(0, +)
    return (e, v)
}

// MARK: Lower bounds in plain Swift

/// Σ a[j] b[j] with two SIMD4 accumulators (the same kernel shape the model uses).
@inline(__always)
func dot(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ n: Int) -> Double {
    let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
    var s0 = SIMD4<Double>(), s1 = SIMD4<Double>()
    var j = 0
    while j + 8 <= n {
        s0 += ra.loadUnaligned(fromByteOffset: 8 * j, as: SIMD4<Double>.self) * rb.loadUnaligned(fromByteOffset: 8 * j, as: SIMD4<Double>.self)
        s1 += ra.loadUnaligned(fromByteOffset: 8 * j + 32, as: SIMD4<Double>.self) * rb.loadUnaligned(fromByteOffset: 8 * j + 32, as: SIMD4<Double>.self)
        j += 8
    }
    let s = s0 + s1
    var sum = (s[0] + s[2]) + (s[1] + s[3])
    while j < n { sum += a[j] * b[j]; j += 1 }
    return sum
}

/// y += αx with SIMD4 (the same kernel shape the model's reverse pass uses).
@inline(__always)
func axpy(_ alpha: Double, _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ n: Int) {
    let rx = UnsafeRawPointer(x), ry = UnsafeMutableRawPointer(y), a = SIMD4<Double>(repeating: alpha)
    var j = 0
    while j + 4 <= n {
        let v = ry.loadUnaligned(fromByteOffset: 8 * j, as: SIMD4<Double>.self) + a * rx.loadUnaligned(fromByteOffset: 8 * j, as: SIMD4<Double>.self)
        ry.storeBytes(of: v, toByteOffset: 8 * j, as: SIMD4<Double>.self)
        j += 4
    }
    while j < n { y[j] += alpha * x[j]; j += 1 }
}

/// Σ a[j] b[j], one scalar accumulator (what a straightforward loop compiles to: latency-bound).
@inline(__always)
func naiveDot(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ n: Int) -> Double {
    var sum = 0.0
    for j in 0..<n { sum += a[j] * b[j] }
    return sum
}

/// Bare matrix–vector products with the model's layer sizes (no bias, no activation): the
/// multiply–add floor of one evaluate. `backward` adds the two products of the reverse pass
/// (Wᵀg and the outer-product update gW += g hᵀ): the multiply–add floor of one VJP.
func matvecBound(sizes: [Int], backward: Bool, naive: Bool = false, blocked: Bool = false) -> Double {
    let weights = (0..<(sizes.count - 1)).map { l in (0..<(sizes[l] * sizes[l + 1])).map { sin(Double($0 + l)) * 0.1 } }
    var gradients = weights.map { [Double](repeating: 0, count: $0.count) }
    let width = sizes.max()!
    var a = [Double](repeating: 0.5, count: width), b = [Double](repeating: 0, count: width)
    var g = [Double](repeating: 0.1, count: width), h = [Double](repeating: 0, count: width)
    let result = measure { _ in
        a.withUnsafeMutableBufferPointer { a in b.withUnsafeMutableBufferPointer { b in
            g.withUnsafeMutableBufferPointer { g in h.withUnsafeMutableBufferPointer { h in
                var x = a.baseAddress!, z = b.baseAddress!
                for l in 0..<(sizes.count - 1) {
                    let fanIn = sizes[l], fanOut = sizes[l + 1]
                    weights[l].withUnsafeBufferPointer { w in
                        var i = 0
                        if blocked {
                            while i + 4 <= fanOut {
                                var a0 = SIMD4<Double>(), a1 = SIMD4<Double>(), a2 = SIMD4<Double>(), a3 = SIMD4<Double>()
                                let r = UnsafeRawPointer(w.baseAddress! + i * fanIn), rx = UnsafeRawPointer(x)
                                var j = 0
                                while j + 4 <= fanIn {
                                    let xv = rx.loadUnaligned(fromByteOffset: 8 * j, as: SIMD4<Double>.self)
                                    a0 += r.loadUnaligned(fromByteOffset: 8 * j, as: SIMD4<Double>.self) * xv
                                    a1 += r.loadUnaligned(fromByteOffset: 8 * (j + fanIn), as: SIMD4<Double>.self) * xv
                                    a2 += r.loadUnaligned(fromByteOffset: 8 * (j + 2 * fanIn), as: SIMD4<Double>.self) * xv
                                    a3 += r.loadUnaligned(fromByteOffset: 8 * (j + 3 * fanIn), as: SIMD4<Double>.self) * xv
                                    j += 4
                                }
                                var s = SIMD4(a0.sum(), a1.sum(), a2.sum(), a3.sum())
                                while j < fanIn {
                                    for q in 0..<4 { s[q] += w[(i + q) * fanIn + j] * x[j] }
                                    j += 1
                                }
                                for q in 0..<4 { z[i + q] = s[q] }
                                i += 4
                            }
                        }
                        for i in i..<fanOut {
                            z[i] = naive ? naiveDot(w.baseAddress! + i * fanIn, x, fanIn) : dot(w.baseAddress! + i * fanIn, x, fanIn)
                        }
                    }
                    swap(&x, &z)
                }
                guard backward else { return }
                var gz = g.baseAddress!, gx = h.baseAddress!
                for l in stride(from: sizes.count - 2, through: 0, by: -1) {
                    let fanIn = sizes[l], fanOut = sizes[l + 1]
                    weights[l].withUnsafeBufferPointer { w in gradients[l].withUnsafeMutableBufferPointer { gw in
                        for j in 0..<fanIn { gx[j] = 0 }
                        for i in 0..<fanOut {
                            let gi = gz[i]
                            axpy(gi, x, gw.baseAddress! + i * fanIn, fanIn)
                            axpy(gi, w.baseAddress! + i * fanIn, gx, fanIn)
                        }
                    } }
                    swap(&gz, &gx)
                }
            } }
        } }
    }
    sink += a[0] + g[0] + gradients[0][0]
    return result.ns
}

/// `count` activations alone.
func activationBound(_ activation: Activation, count: Int) -> Double {
    var z = (0..<count).map { sin(Double($0)) * 2 }
    let result = z.withUnsafeMutableBufferPointer { z in
        measure { k in
            let shift = Double(k & 1) * 1e-3
            for j in 0..<count { z[j] = activation.value(z[j] + shift) }
        }
    }
    sink += z[0]
    return result.ns
}

// MARK: Report

func fmt(_ x: Double) -> String { String(format: x < 100 ? "%.1f" : "%.0f", x) }
func fmtA(_ x: Double) -> String { String(format: "%.2f", x) }

print("iterations per run: \(iterations), fastest of \(repeats) runs; ns per call; allocations = heap allocations per call")
print()
print("| field | multiply–adds | ns/evaluate | ns/VJP | VJP/evaluate | allocations (eval, VJP) |")
print("|---|---:|---:|---:|---:|---:|")
var rows: [(String, [Int], Activation)] = []
let cases: [(String, MLPVectorField)] = [
    ("MLP 2-64-64-2 tanh (spiral)", MLPVectorField(stateDimension: 2, hiddenWidths: [64, 64], activation: .tanh)),
    ("MLP 2-64-64-2 softplus", MLPVectorField(stateDimension: 2, hiddenWidths: [64, 64], activation: .softplus)),
    ("MLP 2-64-64-2 silu", MLPVectorField(stateDimension: 2, hiddenWidths: [64, 64], activation: .silu)),
    ("MLP 3-64-64-2 tanh, time input", MLPVectorField(stateDimension: 2, hiddenWidths: [64, 64], activation: .tanh, timeInput: true)),
    ("MLP 18-64-64-18 tanh (three-body state)", MLPVectorField(stateDimension: 18, hiddenWidths: [64, 64], activation: .tanh)),
    ("MLP 18-256-256-18 tanh (scratch > 512 values)", MLPVectorField(stateDimension: 18, hiddenWidths: [256, 256], activation: .tanh)),
]
for (label, field) in cases {
    let r = benchmark(field, parameters: field.initialParameters(seed: 1))
    print("| \(label) | \(field.multiplyAddCount) | \(fmt(r.eval.ns)) | \(fmt(r.vjp.ns)) | \(String(format: "%.2f", r.vjp.ns / r.eval.ns)) | \(fmtA(r.eval.allocations)), \(fmtA(r.vjp.allocations)) |")
}
do {
    let known = SubsetParameterField.nBodyLearningMasses(masses: [1.1, 1.1, 0.9], G: 1)
    let mlp = MLPVectorField(stateDimension: 18, hiddenWidths: [64, 64], activation: .tanh)
    let hybrid = HybridVectorField(known: known, correction: mlp)
    let r = benchmark(hybrid, parameters: known.initialParameters + mlp.initialParameters(seed: 1))
    print("| hybrid: 3-body gravity (learn masses) + MLP 18-64-64-18 tanh | \(mlp.multiplyAddCount) + gravity | \(fmt(r.eval.ns)) | \(fmt(r.vjp.ns)) | \(String(format: "%.2f", r.vjp.ns / r.eval.ns)) | \(fmtA(r.eval.allocations)), \(fmtA(r.vjp.allocations)) |")
    let g = benchmark(NBodyGravity(bodyCount: 3), parameters: [1.1, 1.1, 0.9, 1])
    print("| NBodyGravity, 3 bodies (reference) | – | \(fmt(g.eval.ns)) | \(fmt(g.vjp.ns)) | \(String(format: "%.2f", g.vjp.ns / g.eval.ns)) | \(fmtA(g.eval.allocations)), \(fmtA(g.vjp.allocations)) |")
}
print()
print("Plain-Swift lower bounds (same layer sizes; bare products, no bias, no activation):")
print()
print("| bound | ns |")
print("|---|---:|")
for sizes in [[2, 64, 64, 2], [18, 64, 64, 18]] {
    let name = sizes.map(String.init).joined(separator: "-")
    print("| \(name): forward matvecs, SIMD dot per row | \(fmt(matvecBound(sizes: sizes, backward: false))) |")
    print("| \(name): forward matvecs, four rows at a time (the model's kernel since this commit) | \(fmt(matvecBound(sizes: sizes, backward: false, blocked: true))) |")
    print("| \(name): forward matvecs, scalar dot (one accumulator) | \(fmt(matvecBound(sizes: sizes, backward: false, naive: true))) |")
    print("| \(name): forward (four rows at a time) + backward (SIMD axpy) products, 3× the multiply–adds | \(fmt(matvecBound(sizes: sizes, backward: true, blocked: true))) |")
}
for activation in Activation.allCases {
    print("| 128 × \(activation) alone (the hidden activations of one evaluate) | \(fmt(activationBound(activation, count: 128))) |")
}
print()
print("(checksum \(sink.isFinite ? "finite" : "non-finite"))")
