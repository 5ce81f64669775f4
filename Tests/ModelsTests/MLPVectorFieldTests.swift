import Randomness
import Foundation
import Models
import ODE
import TestSupport
import Testing

@Suite("MLPVectorField")
struct MLPVectorFieldTests {
    static let widths: [[Int]] = [[], [5], [8, 6], [16, 9, 12]]

    @Test("VJP matches central differences", arguments: Activation.allCases, [false, true])
    func vjpMatchesFiniteDifferences(activation: Activation, timeInput: Bool) {
        for (k, hidden) in Self.widths.enumerated() {
            for stateDimension in [1, 2, 5] {
                let field = MLPVectorField(stateDimension: stateDimension, hiddenWidths: hidden, activation: activation,
                                           timeInput: timeInput, outputScale: k == 2 ? 0.3 : 1)
                var random = SeededRandom(seed: 11, stream: UInt64(10 * k + stateDimension))
                let p = randomizedParameters(field, seed: UInt64(k))
                for _ in 0..<3 {
                    let y = randomVector(stateDimension, &random, scale: 2)
                    let v = randomVector(stateDimension, &random)
                    let t = random.uniform(-1, 1)
                    let error = VJPChecker.maxRelativeError(field, t: t, y: y, parameters: p, cotangent: v)
                    #expect(error < 1e-7, "\(field.architecture): \(error)")
                }
            }
        }
    }

    @Test("VJP is right in every scratch tier (stack ≤128, 512, 4096 values, then heap)", arguments: [[30], [100], [200], [2100]])
    func scratchTiers(hidden: [Int]) {
        let field = MLPVectorField(stateDimension: 2, hiddenWidths: hidden, activation: .tanh, timeInput: true)
        var random = SeededRandom(seed: 12)
        let p = randomizedParameters(field, seed: 2)
        let y = randomVector(2, &random), v = randomVector(2, &random)
        #expect(VJPChecker.maxRelativeError(field, y: y, parameters: p, cotangent: v) < 1e-7)
    }

    @Test("forward pass equals a naive reference implementation", arguments: Activation.allCases)
    func forwardMatchesReference(activation: Activation) {
        // Widths around the kernels' unroll boundaries (4 and 8).
        for hidden in [[1], [3, 7], [8, 9], [13, 4, 17], [64, 64], [300, 300], [2100]] {
            for timeInput in [false, true] {
                let field = MLPVectorField(stateDimension: 3, hiddenWidths: hidden, activation: activation,
                                           timeInput: timeInput, outputScale: 0.7)
                let p = randomizedParameters(field, seed: 5)
                var random = SeededRandom(seed: 6)
                let y = randomVector(3, &random), t = 0.8
                var x = y + (timeInput ? [t] : [])
                for l in 0..<field.layerCount {
                    let fanIn = field.layerSizes[l], fanOut = field.layerSizes[l + 1], w = field.layerOffsets[l]
                    var z = [Double](repeating: 0, count: fanOut)
                    for i in 0..<fanOut {
                        z[i] = p[w + fanOut * fanIn + i]
                        for j in 0..<fanIn { z[i] += p[w + i * fanIn + j] * x[j] }
                    }
                    x = l == field.layerCount - 1 ? z.map { 0.7 * $0 } : z.map(activation.value)
                }
                let f = evaluate(field, t: t, y, p)
                for i in 0..<3 { #expect(abs(f[i] - x[i]) <= 1e-13 * max(1, abs(x[i])), "\(field.architecture)") }
            }
        }
    }

    @Test("activation derivatives match central differences; softplus and logistic are stable at extremes")
    func activations() {
        for activation in Activation.allCases {
            for z in stride(from: -6.0, through: 6.0, by: 0.37) {
                let h = 1e-6
                let numeric = (activation.value(z + h) - activation.value(z - h)) / (2 * h)
                #expect(abs(activation.derivative(z) - numeric) < 1e-8, "\(activation) at \(z)")
            }
            for z in [-800.0, 800.0] {
                #expect(activation.value(z).isFinite && activation.derivative(z).isFinite, "\(activation) at \(z)")
            }
        }
        #expect(Activation.softplus.value(800) == 800)
        #expect(Activation.softplus.value(-800) == 0)
        #expect(Activation.softplus.value(0) == log(2.0))
    }

    @Test("seeded initialisation is deterministic, Glorot-uniform with zero biases")
    func initialisation() {
        let field = MLPVectorField(stateDimension: 2, hiddenWidths: [256, 256], activation: .tanh)
        let a = field.initialParameters(seed: 42), b = field.initialParameters(seed: 42), c = field.initialParameters(seed: 43)
        #expect(a == b)
        #expect(a != c)
        for (l, pair) in stride(from: 0, to: field.parameterBlocks.count, by: 2).map({ ($0 / 2, field.parameterBlocks[$0]) }).enumerated() {
            let weights = a[pair.1.range]
            let bound = (6.0 / Double(field.layerSizes[l] + field.layerSizes[l + 1])).squareRoot()
            #expect(field.glorotBound(layer: l) == bound)
            #expect(weights.allSatisfy { abs($0) < bound })
            // Uniform on (−a, a): the extremes come close to the bound and the variance is a²/3.
            #expect(weights.map(abs).max()! > 0.99 * bound)
            let variance = weights.reduce(0) { $0 + $1 * $1 } / Double(weights.count)
            let expected = bound * bound / 3
            #expect(abs(variance - expected) < (weights.count > 10_000 ? 0.03 : 0.25) * expected, "layer \(l): \(variance) vs \(expected)")
        }
        for block in field.parameterBlocks where block.name.hasSuffix("bias") {
            #expect(a[block.range].allSatisfy { $0 == 0 })
        }
    }

    @Test("all-zero output layer gives f ≡ 0 and a zero state cotangent")
    func zeroOutputLayer() {
        for activation in Activation.allCases {
            let field = MLPVectorField(stateDimension: 4, hiddenWidths: [10, 7], activation: activation, timeInput: true)
            var p = randomizedParameters(field, seed: 3)
            for block in field.parameterBlocks where block.name.hasPrefix("layers.2.") {
                for k in block.range { p[k] = 0 }
            }
            var random = SeededRandom(seed: 9)
            for _ in 0..<10 {
                let y = randomVector(4, &random, scale: 3)
                #expect(evaluate(field, t: random.uniform(), y, p) == [0, 0, 0, 0])
                let (gy, gp) = vjp(field, y, p, randomVector(4, &random))
                #expect(gy == [0, 0, 0, 0])
                // Only the output layer's own parameters get a gradient.
                let outputStart = field.layerOffsets[2]
                #expect(gp[..<outputStart].allSatisfy { $0 == 0 })
                #expect(gp[outputStart...].contains { $0 != 0 })
            }
        }
    }

    @Test("parameter layout: counts, offsets and names")
    func layout() {
        let field = MLPVectorField(stateDimension: 2, hiddenWidths: [64, 64], activation: .tanh)
        #expect(field.layerSizes == [2, 64, 64, 2])
        #expect(field.parameterCount == (64 * 2 + 64) + (64 * 64 + 64) + (2 * 64 + 2))
        #expect(field.layerOffsets == [0, 192, 192 + 4160])
        #expect(field.multiplyAddCount == 2 * 64 + 64 * 64 + 64 * 2)
        #expect(field.parameterBlocks.map(\.name) == ["layers.0.weight", "layers.0.bias", "layers.1.weight", "layers.1.bias",
                                                      "layers.2.weight", "layers.2.bias"])
        #expect(field.parameterBlocks[0].shape == [64, 2])
        #expect(field.parameterNames[3] == "layers.0.weight[1,1]")
        #expect(field.architecture == "2-64-64-2 tanh")
        let timed = MLPVectorField(stateDimension: 18, hiddenWidths: [64], activation: .silu, timeInput: true, outputScale: 0.1)
        #expect(timed.inputDimension == 19)
        #expect(timed.architecture == "19-64-18 silu, time input, output scale 0.1")
    }
}
