// ns per evaluate and per VJP of fields written as equations vs by hand, and their ratios.
// Usage: swift run -c release EquationBenchmark [iterations]
import Foundation
import MallocCounter
import Equations
import ODE
import Physics

let iterations = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1])! : 200_000
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

/// Evaluate and VJP over a pool of inputs (generic, so each field gets specialised code, as in the solvers).
@inline(never)
func benchmark<F: DifferentiableVectorField>(_ field: F, parameters p: [Double]) -> (eval: (ns: Double, allocations: Double), vjp: (ns: Double, allocations: Double)) {
    let n = field.dimension, m = field.parameterCount
    var state = (0..<(pool * n)).map { k in 1.5 + sin(Double(k) * 0.7) * Double(k % 7) }
    var cot = (0..<(pool * n)).map { k in cos(Double(k) * 0.3) }
    var dy = [Double](repeating: 0, count: n), gy = [Double](repeating: 0, count: n), gp = [Double](repeating: 0, count: m)
    let e = p.withUnsafeBufferPointer { pb in state.withUnsafeMutableBufferPointer { ys in dy.withUnsafeMutableBufferPointer { out in
        measure { k in
            let y = UnsafeBufferPointer(rebasing: ys[((k % pool) * n)..<((k % pool) * n + n)])
            field.evaluate(t: 0.5, y: y, parameters: pb, into: out)
        }
    } } }
    sink += dy.reduce(0, +)
    let v = p.withUnsafeBufferPointer { pb in state.withUnsafeMutableBufferPointer { ys in cot.withUnsafeMutableBufferPointer { vs in
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

let lotkaVolterra = """
    d(x)/dt = alpha*x - beta*x*y
    d(y)/dt = delta*x*y - gamma*y
    """

/// Three bodies in 3-D as `NBodyGravity` lays them out: positions, then velocities; masses, then G.
let threeBody = """
    dx12 = x2 - x1; dy12 = y2 - y1; dz12 = z2 - z1
    dx13 = x3 - x1; dy13 = y3 - y1; dz13 = z3 - z1
    dx23 = x3 - x2; dy23 = y3 - y2; dz23 = z3 - z2
    k12 = G/(dx12^2 + dy12^2 + dz12^2)^1.5
    k13 = G/(dx13^2 + dy13^2 + dz13^2)^1.5
    k23 = G/(dx23^2 + dy23^2 + dz23^2)^1.5
    d(x1)/dt = vx1; d(y1)/dt = vy1; d(z1)/dt = vz1
    d(x2)/dt = vx2; d(y2)/dt = vy2; d(z2)/dt = vz2
    d(x3)/dt = vx3; d(y3)/dt = vy3; d(z3)/dt = vz3
    d(vx1)/dt = m2*k12*dx12 + m3*k13*dx13
    d(vy1)/dt = m2*k12*dy12 + m3*k13*dy13
    d(vz1)/dt = m2*k12*dz12 + m3*k13*dz13
    d(vx2)/dt = m3*k23*dx23 - m1*k12*dx12
    d(vy2)/dt = m3*k23*dy23 - m1*k12*dy12
    d(vz2)/dt = m3*k23*dz23 - m1*k12*dz12
    d(vx3)/dt = -(m1*k13*dx13 + m2*k23*dx23)
    d(vy3)/dt = -(m1*k13*dy13 + m2*k23*dy23)
    d(vz3)/dt = -(m1*k13*dz13 + m2*k23*dz23)
    """

func row(_ name: String, _ equations: (eval: (ns: Double, allocations: Double), vjp: (ns: Double, allocations: Double)),
         _ hand: (eval: (ns: Double, allocations: Double), vjp: (ns: Double, allocations: Double)), target: Double) {
    func f(_ x: Double) -> String { String(format: "%.1f", x) }
    let re = equations.eval.ns / hand.eval.ns, rv = equations.vjp.ns / hand.vjp.ns
    print("| \(name) | \(f(equations.eval.ns)) | \(f(hand.eval.ns)) | \(String(format: "%.2f", re))× | \(f(equations.vjp.ns)) | \(f(hand.vjp.ns)) | \(String(format: "%.2f", rv))× | \(f(target))× | \(f(equations.eval.allocations + equations.vjp.allocations)) |")
}

let lvModel = try EquationModel(source: lotkaVolterra)
let threeModel = try EquationModel(source: threeBody, parameters: ["m1", "m2", "m3", "G"])
print("| field | equations evaluate (ns) | hand-written evaluate (ns) | ratio | equations VJP (ns) | hand-written VJP (ns) | ratio | target | heap allocations per call (equations) |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
row("Lotka–Volterra (\(lvModel.instructionCount) instructions)", benchmark(lvModel, parameters: LotkaVolterra.defaultParameters),
    benchmark(LotkaVolterra(), parameters: LotkaVolterra.defaultParameters), target: 2)
if ProcessInfo.processInfo.environment["ONLY_LV"] == nil {
row("three-body (\(threeModel.instructionCount) instructions)", benchmark(threeModel, parameters: [1, 0.95, 1.05, 1]),
    benchmark(NBodyGravity(bodyCount: 3), parameters: [1, 0.95, 1.05, 1]), target: 3)
}
if sink == 42 { print(sink) }
