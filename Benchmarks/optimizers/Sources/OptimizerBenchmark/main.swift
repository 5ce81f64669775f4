// Times one optimizer step over n = 10⁶ Double parameters and compares it with a loop that moves the same
// bytes with trivial arithmetic (the memory-bandwidth bound for that traffic). Prints a Markdown table.
import Foundation
import Optimizers

let n = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 1_000_000
let repetitions = 60

func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

/// Median wall time of `body` in nanoseconds over `repetitions` runs (after 5 warm-up runs).
func median(_ body: () -> Void) -> Double {
    for _ in 0..<5 { body() }
    var times: [Double] = []
    for _ in 0..<repetitions {
        let t0 = now()
        body()
        times.append(Double(now() - t0))
    }
    times.sort()
    return times[times.count / 2]
}

let parameters = (0..<n).map { 0.5 + 1e-7 * Double($0 % 1000) }
let gradient = (0..<n).map { 1e-3 * sin(Double($0)) }

/// ns per parameter for `steps` of an optimizer built from `spec` (warmed up past RAdam/AdaBelief's
/// rectification threshold so that the steady-state branch is timed).
func time(_ spec: OptimizerSpecification) -> Double {
    var optimizer = try! spec.makeOptimizer(parameterCount: n)
    var p = parameters
    let ns = p.withUnsafeMutableBufferPointer { p in
        gradient.withUnsafeBufferPointer { g in
            for _ in 0..<10 { optimizer.step(parameters: p, gradient: g) }
            return median { optimizer.step(parameters: p, gradient: g) }
        }
    }
    return ns / Double(n)
}

/// The bandwidth bound for k read–modify–write state arrays plus the read-only gradient: each array is
/// read and written once per element with one multiply–add, as little arithmetic as the traffic allows.
func bandwidthLoop(stateArrays k: Int) -> Double {
    let arrays = (0..<k).map { _ -> UnsafeMutablePointer<Double> in
        let a = UnsafeMutablePointer<Double>.allocate(capacity: n)
        a.initialize(repeating: 1, count: n)
        return a
    }
    defer { arrays.forEach { $0.deallocate() } }
    let a = 0.999999, b = 1e-9
    let x = arrays[0], y = arrays[1], z = k > 2 ? arrays[2] : arrays[0], w = k > 3 ? arrays[3] : arrays[0]
    let ns = gradient.withUnsafeBufferPointer { gb in
        let g = gb.baseAddress!
        return median {
            switch k {
            case 2:
                for i in 0..<n { x[i] = x[i] * a + g[i] * b; y[i] = y[i] * a + g[i] * b }
            case 3:
                for i in 0..<n { x[i] = x[i] * a + g[i] * b; y[i] = y[i] * a + g[i] * b; z[i] = z[i] * a + g[i] * b }
            default:
                for i in 0..<n {
                    x[i] = x[i] * a + g[i] * b; y[i] = y[i] * a + g[i] * b
                    z[i] = z[i] * a + g[i] * b; w[i] = w[i] * a + g[i] * b
                }
            }
        }
    }
    precondition(x[n / 2].isFinite)
    return ns / Double(n)
}

let paper = AdaBeliefConfiguration.paper
var fused = AdaBeliefConfiguration.pytorch021
fused.rounding = .fused
var amsgrad = AdaBeliefConfiguration.pytorch021
amsgrad.amsgrad = true

// (label, specification, state arrays besides the gradient: parameters + moments)
let cases: [(String, OptimizerSpecification, Int)] = [
    ("AdaBelief, 0.2.x defaults (rectified)", .adaBelief(.pytorch021), 3),
    ("AdaBelief, paper (eps 1e-8, no rectification)", .adaBelief(paper), 3),
    ("AdaBelief, AMSGrad", .adaBelief(amsgrad), 4),
    ("Adam", .adam(.adam), 3),
    ("AdamW", .adam(.adamW), 3),
    ("RAdam", .radam(.torch), 3),
    ("SGD, momentum 0.9", .sgd(.momentum(learningRate: 1e-3)), 2),
    ("AdaBelief, 0.2.x, fused multiply–add (verification mode)", .adaBelief(fused), 3),
]

let bounds = Dictionary(uniqueKeysWithValues: [2, 3, 4].map { ($0, bandwidthLoop(stateArrays: $0)) })
print("n = \(n) parameters, median of \(repetitions) steps\n")
print("| step | ns/parameter | bandwidth loop, same arrays (ns/parameter) | ratio |")
print("|---|---:|---:|---:|")
for (label, spec, k) in cases {
    let t = time(spec)
    let b = bounds[k]!
    print("| \(label) | \(String(format: "%.2f", t)) | \(String(format: "%.2f", b)) (\(k) read–write + 1 read) | \(String(format: "%.2f", t / b))× |")
}
