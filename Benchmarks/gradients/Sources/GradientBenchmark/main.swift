// The issue-5 gradient workload on Orrery's side.
//
//   GradientBenchmark workload OUT.json [seed] [index]
//       writes the workload (a random bound three-body system, its observations, the +10 % masses)
//       and the reference gradient (ACA through DOP853 at rtol = atol = 1e-13, cross-checked against
//       five-point finite differences of the same tight solve) for the Python peers to read.
//   GradientBenchmark run WORKLOAD.json METHOD MODE TOL [seconds]
//       METHOD aca | naive | adjoint, MODE step | dense: prints one JSON line with the time per gradient
//       (median over repeats after a warm-up), evaluations, memory and the relative error.
import Foundation
import Gradients
import ODE
import Physics

struct Workload: Codable {
    var seed: UInt64
    var index: Int
    var G: Double
    var trueMasses: [Double]
    var masses: [Double]
    var initialState: [Double]
    var times: [Double]
    /// Row-major 50 × 9 observed positions.
    var observedPositions: [Double]
    /// `[∂L/∂m1..3, ∂L/∂y0 (18)]` of the reference.
    var referenceGradient: [Double]
    var referenceLoss: Double
    var referenceDescription: String
    var referenceVersusFiniteDifferences: Double
}

struct RunResult: Codable {
    var library = "Orrery"
    var method: String
    var mode: String
    var tolerance: Double
    var secondsPerGradient: Double
    var repeats: Int
    var loss: Double
    var forwardEvaluations: Int
    var backwardEvaluations: Int
    var backwardVJPs: Int
    var acceptedSteps: Int
    var rejectedSteps: Int
    var peakBackwardBytes: Int
    var maxRSSIncreaseBytes: Int
    var relativeError: Double
    var gradient: [Double]
}

func problem(_ w: Workload, tolerance: Double, mode: ObservationMode, tableau: ButcherTableau = .dormandPrince5) -> GradientProblem<NBodyGravity> {
    var values: [Double] = [], mask: [Bool] = []
    for k in 0..<w.times.count {
        for d in 0..<18 {
            values.append(d < 9 ? w.observedPositions[k * 9 + d] : .nan)
            mask.append(d < 9)
        }
    }
    return GradientProblem(
        field: NBodyGravity(bodyCount: 3), t0: 0, initialState: w.initialState, parameters: w.masses + [w.G],
        observations: Observations(times: w.times, values: values, mask: mask), tableau: tableau,
        controller: StepSizeController(rtol: tolerance, atol: tolerance), observationMode: mode)
}

/// Masses and initial state (G is not part of the workload).
func learned(_ r: GradientResult) -> [Double] { Array(r.parameterGradient[0..<3]) + r.initialStateGradient }

func relativeError(_ a: [Double], _ b: [Double]) -> Double {
    let d = zip(a, b).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
    return d / b.reduce(0) { $0 + $1 * $1 }.squareRoot()
}

func maxRSS() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return usage.ru_maxrss * 1024
}

func writeJSON<T: Encodable>(_ value: T, to path: String?) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let data = try encoder.encode(value)
    if let path { try data.write(to: URL(fileURLWithPath: path)) } else { print(String(decoding: data, as: UTF8.self)) }
}

let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    FileHandle.standardError.write(Data("usage: GradientBenchmark workload OUT.json [seed] [index] | run WORKLOAD.json METHOD MODE TOL [seconds]\n".utf8))
    exit(2)
}
switch arguments[1] {
case "workload":
    let seed = arguments.count > 3 ? UInt64(arguments[3])! : 1
    let index = arguments.count > 4 ? Int(arguments[4])! : 0
    let configuration = ThreeBodyPreset.randomConfiguration(seed: seed, index: index)
    let times = (1...50).map { 0.1 * Double($0) }
    let truth = try solve(configuration.field, from: 0, to: 5, initialState: configuration.initialState,
                          parameters: configuration.parameters, method: .dormandPrince8,
                          stepSize: .adaptive(StepSizeController(rtol: 1e-13, atol: 1e-13)), options: SolveOptions(saveAt: times))
    let positions = (0..<50).flatMap { k in Array(truth.savedStates[(k * 18)..<(k * 18 + 9)]) }
    var w = Workload(seed: seed, index: index, G: configuration.G, trueMasses: configuration.masses,
                     masses: configuration.masses.map { 1.1 * $0 }, initialState: configuration.initialState, times: times,
                     observedPositions: positions, referenceGradient: [], referenceLoss: 0,
                     referenceDescription: "ACA through DOP853 at rtol = atol = 1e-13, observations on steps", referenceVersusFiniteDifferences: 0)
    let tight = problem(w, tolerance: 1e-13, mode: .stepOnObservations, tableau: .dormandPrince8)
    let reference = try computeGradient(tight, method: .aca)
    w.referenceGradient = learned(reference)
    w.referenceLoss = reference.loss
    // Cross-check: five-point finite differences of the same tight solve, per component.
    var fd: [Double] = []
    for v in 0..<21 {
        let x = v < 3 ? w.masses[v] : w.initialState[v - 3]
        let h = 1e-4 * max(1, abs(x))
        var values: [Double] = []
        for delta in [h, -h, 2 * h, -2 * h] {
            var copy = tight
            if v < 3 { copy.parameters[v] += delta } else { copy.initialState[v - 3] += delta }
            values.append(try evaluateLoss(copy).loss)
        }
        fd.append((8 * values[0] - 8 * values[1] - values[2] + values[3]) / (12 * h))
    }
    w.referenceVersusFiniteDifferences = relativeError(fd, w.referenceGradient)
    try writeJSON(w, to: arguments[2])
    FileHandle.standardError.write(Data("workload: seed \(seed) index \(index), masses \(w.trueMasses) → \(w.masses); reference loss \(w.referenceLoss), reference vs finite differences \(w.referenceVersusFiniteDifferences)\n".utf8))
case "run":
    let w = try JSONDecoder().decode(Workload.self, from: Data(contentsOf: URL(fileURLWithPath: arguments[2])))
    let name = arguments[3], mode = ObservationMode(rawValue: arguments[4])!, tolerance = Double(arguments[5])!
    let budget = arguments.count > 6 ? Double(arguments[6])! : 2.0
    let method: GradientMethod = switch name {
    case "naive": .naive
    case "adjoint": .adjoint(rtol: tolerance, atol: tolerance)
    case "mali": .mali
    default: .aca
    }
    let p = problem(w, tolerance: tolerance, mode: mode)
    let before = maxRSS()
    var result = try computeGradient(p, method: method)  // warm-up
    let rssIncrease = maxRSS() - before
    var times: [Double] = []
    let start = Date()
    while times.count < 5 || (Date().timeIntervalSince(start) < budget && times.count < 10_000) {
        let t = DispatchTime.now().uptimeNanoseconds
        result = try computeGradient(p, method: method)
        times.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1e9)
    }
    let run = RunResult(
        method: name, mode: mode.rawValue, tolerance: tolerance, secondsPerGradient: times.sorted()[times.count / 2],
        repeats: times.count, loss: result.loss, forwardEvaluations: result.forwardEvaluations,
        backwardEvaluations: result.backwardEvaluations, backwardVJPs: result.backwardVJPs,
        acceptedSteps: result.acceptedSteps, rejectedSteps: result.rejectedSteps, peakBackwardBytes: result.peakBackwardBytes,
        maxRSSIncreaseBytes: rssIncrease, relativeError: relativeError(learned(result), w.referenceGradient), gradient: learned(result))
    try writeJSON(run, to: nil)
default:
    FileHandle.standardError.write(Data("unknown command \(arguments[1])\n".utf8))
    exit(2)
}
