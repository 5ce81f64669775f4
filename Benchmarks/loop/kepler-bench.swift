// Workloads for instruction counts of the adaptive loop (see callgrind.sh): a plain DOPRI5 solve,
// an ACA gradient and a naive gradient on a planar Kepler problem.
import Gradients
import ODE
#if canImport(Glibc)
import Glibc
#endif

/// Planar Kepler problem, y = [x, y, vx, vy], p = [μ].
struct Kepler: DifferentiableVectorField {
    var dimension: Int { 4 }
    var parameterCount: Int { 1 }
    var isAutonomous: Bool { true }
    func evaluate(t: Double, y: UnsafeBufferPointer<Double>, parameters p: UnsafeBufferPointer<Double>,
                  into dy: UnsafeMutableBufferPointer<Double>) {
        let r2 = y[0] * y[0] + y[1] * y[1], r3 = r2 * r2.squareRoot()
        dy[0] = y[2]; dy[1] = y[3]; dy[2] = -p[0] * y[0] / r3; dy[3] = -p[0] * y[1] / r3
    }
    func vectorJacobianProduct(t: Double, y: UnsafeBufferPointer<Double>, parameters p: UnsafeBufferPointer<Double>,
                               cotangent v: UnsafeBufferPointer<Double>, stateCotangent gy: UnsafeMutableBufferPointer<Double>,
                               parameterCotangent gp: UnsafeMutableBufferPointer<Double>) {
        let x = y[0], z = y[1], r2 = x * x + z * z, r = r2.squareRoot(), r3 = r2 * r, r5 = r3 * r2
        let mu = p[0]
        gy[2] += v[0]; gy[3] += v[1]
        gy[0] += v[2] * (-mu / r3 + 3 * mu * x * x / r5) + v[3] * (3 * mu * x * z / r5)
        gy[1] += v[2] * (3 * mu * x * z / r5) + v[3] * (-mu / r3 + 3 * mu * z * z / r5)
        gp[0] += -(v[2] * x + v[3] * z) / r3
    }
}

let which = CommandLine.arguments[1], reps = Int(CommandLine.arguments[2])!
let y0 = [1.0, 0, 0, 1.3]
var checksum = 0.0
let times = (1...40).map { 0.5 * Double($0) }
let values = times.flatMap { _ in [0.5, 0.5, 0.1, 0.1] }
let problem = GradientProblem(field: Kepler(), initialState: y0, parameters: [1.0],
                              observations: Observations(times: times, values: values),
                              controller: StepSizeController(rtol: 1e-9, atol: 1e-9))
for _ in 0..<reps {
    switch which {
    case "solve":
        let s = try solve(Kepler(), from: 0, to: 20, initialState: y0, parameters: [1.0], method: .dormandPrince5,
                          stepSize: .adaptive(StepSizeController(rtol: 1e-10, atol: 1e-10)), options: SolveOptions(recordSteps: false))
        checksum += s.finalState.first!
    case "aca": checksum += try computeGradient(problem, method: .aca).parameterGradient[0]
    case "naive": checksum += try computeGradient(problem, method: .naive).parameterGradient[0]
    default: break
    }
}
print(which, reps, checksum)
