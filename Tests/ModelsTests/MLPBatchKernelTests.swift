import CKernels
import Dispatch
import Models
import ODE
import Randomness
import Testing

/// `MLPVectorField`'s batched kernels (`BatchVectorField`) against its single-state methods,
/// finite differences, and the baseline implementation against AVX2+FMA and AVX-512.
@Suite("MLP batch kernels")
struct MLPBatchKernelTests {
    /// (state dimension, hidden widths): widths around the micro-kernels' blocks (2–8 rows, 8 or 16 columns).
    static let shapes: [(Int, [Int])] = [(1, []), (3, [5]), (5, [7, 9]), (2, [64, 64]), (18, [13, 4, 17]), (3, [23, 16, 14])]
    static let batchSizes = [1, 3, 32, 64, 67]

    static func field(_ shape: (Int, [Int]), _ activation: Activation, _ timeInput: Bool) -> MLPVectorField {
        MLPVectorField(stateDimension: shape.0, hiddenWidths: shape.1, activation: activation, timeInput: timeInput,
                       outputScale: 0.7)
    }

    /// max |a − b| / max |b|.
    static func relativeError(_ a: [Double], _ b: [Double]) -> Double {
        let scale = max(b.map(abs).max() ?? 0, 1e-300)
        return zip(a, b).map { abs($0 - $1) }.max()! / scale
    }

    static func batchEvaluate(_ field: MLPVectorField, t: Double, _ states: [Double], _ count: Int, _ p: [Double]) -> [Double] {
        var out = [Double](repeating: .nan, count: states.count)
        states.withUnsafeBufferPointer { s in p.withUnsafeBufferPointer { pb in out.withUnsafeMutableBufferPointer { o in
            field.evaluateBatch(t: t, states: s, count: count, parameters: pb, into: o)
        } } }
        return out
    }

    static func batchVJP(_ field: MLPVectorField, t: Double, _ states: [Double], _ count: Int, _ p: [Double],
                         _ v: [Double]) -> ([Double], [Double]) {
        var gy = [Double](repeating: 0, count: states.count), gp = [Double](repeating: 0, count: p.count)
        states.withUnsafeBufferPointer { s in p.withUnsafeBufferPointer { pb in v.withUnsafeBufferPointer { vb in
            gy.withUnsafeMutableBufferPointer { gyb in gp.withUnsafeMutableBufferPointer { gpb in
                field.vectorJacobianProductBatch(t: t, states: s, count: count, parameters: pb, cotangents: vb,
                                                 stateCotangents: gyb, parameterCotangent: gpb)
            } }
        } } }
        return (gy, gp)
    }

    @Test("batched evaluate and VJP equal the single-state methods to rounding",
          arguments: Activation.allCases, [false, true])
    func batchEqualsSingle(activation: Activation, timeInput: Bool) {
        for (k, shape) in Self.shapes.enumerated() {
            let field = Self.field(shape, activation, timeInput), d = shape.0
            let p = randomizedParameters(field, seed: UInt64(k))
            var random = SeededRandom(seed: 21, stream: UInt64(k))
            for count in Self.batchSizes {
                let states = randomVector(count * d, &random, scale: 2), v = randomVector(count * d, &random)
                let t = random.uniform(-1, 1)
                let batched = Self.batchEvaluate(field, t: t, states, count, p)
                var single: [Double] = [], singleGy: [Double] = [], singleGp = [Double](repeating: 0, count: p.count)
                for b in 0..<count {
                    let y = Array(states[(b * d)..<((b + 1) * d)]), vb = Array(v[(b * d)..<((b + 1) * d)])
                    single += evaluate(field, t: t, y, p)
                    let (gy, gp) = vjp(field, t: t, y, p, vb)
                    singleGy += gy
                    for j in gp.indices { singleGp[j] += gp[j] }
                }
                #expect(Self.relativeError(batched, single) < 1e-13, "\(field.architecture), batch \(count)")
                let (gy, gp) = Self.batchVJP(field, t: t, states, count, p, v)
                #expect(Self.relativeError(gy, singleGy) < 1e-12, "\(field.architecture), batch \(count): state cotangents")
                #expect(Self.relativeError(gp, singleGp) < 1e-12, "\(field.architecture), batch \(count): parameter cotangent")
            }
        }
    }

    /// Every implementation (not only the active one) on a network whose widths reach each one's
    /// tile edges (AVX-512: 8-row tiles with 6 and 7 left over, a 16-wide layer for the rank-1 ∂W path).
    @Test("batched VJP matches central differences of Σ_b v_b · f(Y_b), every implementation",
          arguments: Activation.allCases)
    func batchVJPMatchesFiniteDifferences(activation: Activation) {
        let field = MLPVectorField(stateDimension: 3, hiddenWidths: [23, 16, 14], activation: activation, timeInput: true,
                                   outputScale: 0.8)
        let count = 19, d = 3
        let p = randomizedParameters(field, seed: 7)
        var random = SeededRandom(seed: 22)
        let states = randomVector(count * d, &random, scale: 2), v = randomVector(count * d, &random), t = 0.4
        for implementation in Self.implementations {
            let name = String(cString: implementation.pointee.name)
            func loss(_ s: [Double], _ q: [Double]) -> Double {
                let out = Self.kernelResults(implementation, field, activation, t: t, s, count, q, v)
                return zip(out[0..<(count * d)], v).reduce(0) { $0 + $1.0 * $1.1 }
            }
            let all = Self.kernelResults(implementation, field, activation, t: t, states, count, p, v)
            let gy = Array(all[(count * d)..<(2 * count * d)]), gp = Array(all[(2 * count * d)...])
            let h = 1e-6
            var fdY = [Double](repeating: 0, count: states.count), fdP = [Double](repeating: 0, count: p.count)
            for j in states.indices {
                var plus = states, minus = states
                plus[j] += h; minus[j] -= h
                fdY[j] = (loss(plus, p) - loss(minus, p)) / (2 * h)
            }
            for j in p.indices {
                var plus = p, minus = p
                plus[j] += h; minus[j] -= h
                fdP[j] = (loss(states, plus) - loss(states, minus)) / (2 * h)
            }
            #expect(Self.relativeError(gy, fdY) < 1e-7, "\(name)")
            #expect(Self.relativeError(gp, fdP) < 1e-7, "\(name)")
        }
    }

    /// Every implementation this CPU runs (baseline first).
    static var implementations: [UnsafePointer<ck_kernels>] {
        [Int32(CK_ISA_BASELINE), Int32(CK_ISA_AVX2_FMA), Int32(CK_ISA_AVX512)].compactMap { ck_kernels_for($0) }
    }

    /// `implementation`'s batched evaluate, then state cotangents, then parameter cotangent (time input, scale 0.7).
    static func kernelResults(_ implementation: UnsafePointer<ck_kernels>, _ field: MLPVectorField, _ activation: Activation,
                              t: Double, _ states: [Double], _ count: Int, _ p: [Double], _ v: [Double]) -> [Double] {
        var out = [Double](repeating: 0, count: states.count), gy = out
        var gp = [Double](repeating: 0, count: p.count)
        field.layerSizes.withUnsafeBufferPointer { s in
            var net = ck_mlp(sizes: s.baseAddress!, layer_count: field.layerCount, activation: activation.kernelCodeForTests,
                             time_input: field.timeInput ? 1 : 0, output_scale: field.outputScale)
            implementation.pointee.mlp_forward(&net, t, states, count, p, &out, 0)
            implementation.pointee.mlp_vjp(&net, t, states, count, p, v, &gy, &gp)
        }
        return out + gy + gp
    }

    @Test("baseline, AVX2+FMA and AVX-512 kernels agree to rounding", arguments: Activation.allCases)
    func implementationsAgree(activation: Activation) throws {
        let baseline = try #require(Self.implementations.first)
        for (k, shape) in Self.shapes.enumerated() {
            let field = Self.field(shape, activation, true), d = shape.0
            let p = randomizedParameters(field, seed: UInt64(30 + k))
            var random = SeededRandom(seed: 23, stream: UInt64(k))
            for count in Self.batchSizes {
                let states = randomVector(count * d, &random, scale: 2), v = randomVector(count * d, &random)
                let reference = Self.kernelResults(baseline, field, activation, t: 0.2, states, count, p, v)
                for fast in Self.implementations.dropFirst() {
                    let results = Self.kernelResults(fast, field, activation, t: 0.2, states, count, p, v)
                    #expect(Self.relativeError(results, reference) < 1e-12,
                            "\(String(cString: fast.pointee.name)): \(field.architecture), batch \(count)")
                }
            }
        }
    }

    @Test("every implementation gives the same bytes from 1, 2 and 4 threads (per-thread scratch, fixed order)",
          arguments: Activation.allCases)
    func sameBytesAcrossThreadCounts(activation: Activation) {
        for (k, shape) in [(2, [64, 64]), (3, [23, 16, 14])].enumerated() {
            let field = Self.field(shape, activation, true), d = shape.0
            let p = randomizedParameters(field, seed: UInt64(50 + k))
            var random = SeededRandom(seed: 29, stream: UInt64(k))
            let jobs = [1, 16, 32, 67, 64, 3, 256, 40].map { count in
                (count, randomVector(count * d, &random, scale: 2), randomVector(count * d, &random))
            }
            for implementation in Self.implementations {
                let serial = jobs.map { Self.kernelResults(implementation, field, activation, t: 0.3, $0.1, $0.0, p, $0.2) }
                for threads in [2, 4] {
                    final class Results: @unchecked Sendable { var values: [[Double]] = [] }
                    let results = Results()
                    results.values = [[Double]](repeating: [], count: jobs.count)
                    nonisolated(unsafe) let implementation = implementation
                    results.values.withUnsafeMutableBufferPointer { out in
                        nonisolated(unsafe) let out = out
                        DispatchQueue.concurrentPerform(iterations: threads) { thread in
                            for j in stride(from: thread, to: jobs.count, by: threads) {
                                out[j] = Self.kernelResults(implementation, field, activation, t: 0.3, jobs[j].1, jobs[j].0, p, jobs[j].2)
                            }
                        }
                    }
                    for j in jobs.indices {
                        #expect(results.values[j].map(\.bitPattern) == serial[j].map(\.bitPattern),
                                "\(String(cString: implementation.pointee.name)), \(field.architecture), batch \(jobs[j].0), \(threads) threads")
                    }
                }
            }
        }
    }
}

extension Activation {
    var kernelCodeForTests: Int32 {
        switch self {
        case .tanh: Int32(CK_TANH)
        case .softplus: Int32(CK_SOFTPLUS)
        case .silu: Int32(CK_SILU)
        }
    }
}
