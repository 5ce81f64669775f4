// ode-bench PROBLEMS.json OUT.json
// Work–precision runs of Orrery's adaptive RK methods on the three-body problems in
// PROBLEMS.json (written by python/ode_problems.py), on the same output grid as the
// Python peers. Writes the tight reference trajectories and every run's wall time,
// evaluations, max position deviation from the reference and energy drift.
import Foundation
import ODE

struct Problem {
    let name: String
    let masses: [Double]
    let g: Double
    let y0: [Double]
    let tEnd: Double
    let grid: [Double]
}

func loadProblems(_ path: String) throws -> [Problem] {
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    let root = try JSONSerialization.jsonObject(with: data) as! [String: Any]
    return (root["problems"] as! [[String: Any]]).map {
        Problem(name: $0["name"] as! String, masses: $0["masses"] as! [Double], g: $0["G"] as! Double,
                y0: $0["y0"] as! [Double], tEnd: $0["t_end"] as! Double, grid: $0["grid"] as! [Double])
    }
}

/// Minimum wall time over repeats (at least 3, until 0.5 s has been spent, at most 50).
func timeIt(_ body: () throws -> Solution) rethrows -> (seconds: Double, solution: Solution) {
    var best = Double.infinity, spent = 0.0, runs = 0
    var last: Solution? = nil
    while runs < 3 || (spent < 0.5 && runs < 50) {
        let start = DispatchTime.now().uptimeNanoseconds
        last = try body()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
        best = min(best, seconds); spent += seconds; runs += 1
    }
    return (best, last!)
}

func positions(_ sol: Solution) -> [[Double]] {
    (0..<sol.savedTimes.count).map { Array(sol.savedState($0).prefix(9)) }
}

let args = CommandLine.arguments
guard args.count == 3 else {
    FileHandle.standardError.write("usage: ode-bench PROBLEMS.json OUT.json\n".data(using: .utf8)!)
    exit(2)
}
let problems = try loadProblems(args[1])
let methods: [(ButcherTableau, [Double])] = [
    (.dormandPrince5, [1e-6, 1e-8, 1e-10, 1e-12]),
    (.tsitouras5, [1e-6, 1e-8, 1e-10, 1e-12]),
    (.dormandPrince8, [1e-6, 1e-8, 1e-10, 1e-12, 1e-13]),
]
let referenceTolerance = 1e-14
var runs: [[String: Any]] = []
var references: [String: Any] = [:]

for problem in problems {
    let field = ThreeBodyField(g: problem.g)
    let options = SolveOptions(saveAt: problem.grid)
    func run(_ tableau: ButcherTableau, _ tol: Double) throws -> Solution {
        try solve(field, from: 0, to: problem.tEnd, initialState: problem.y0, parameters: problem.masses,
                  method: tableau, stepSize: .adaptive(StepSizeController(rtol: tol, atol: tol)), options: options)
    }
    let (referenceSeconds, referenceSolution) = try timeIt { try run(.dormandPrince8, referenceTolerance) }
    let reference = positions(referenceSolution)
    let check = positions(try run(.dormandPrince8, 1e-13))
    let referenceSpread = zip(reference, check).map { zip($0, $1).map { abs($0 - $1) }.max()! }.max()!
    references[problem.name] = ["tolerance": referenceTolerance, "positions": reference,
                                "dop853_1e-13_deviation": referenceSpread, "time_s": referenceSeconds,
                                "nfev": referenceSolution.stats.functionEvaluations]
    let e0 = field.energy(problem.y0[...], masses: problem.masses)
    for (tableau, tolerances) in methods {
        for tol in tolerances {
            var record: [String: Any] = ["side": "orrery", "problem": problem.name, "method": tableau.name,
                                         "setting": "rtol=atol=\(tol)", "tol": tol]
            do {
                let (seconds, sol) = try timeIt { try run(tableau, tol) }
                var deviation = 0.0, drift = 0.0
                for i in 0..<sol.savedTimes.count {
                    let state = sol.savedState(i)
                    for d in 0..<9 { deviation = max(deviation, abs(state[state.startIndex + d] - reference[i][d])) }
                    drift = max(drift, abs(field.energy(state, masses: problem.masses) - e0) / abs(e0))
                }
                record["time_s"] = seconds
                record["nfev"] = sol.stats.functionEvaluations
                record["steps"] = sol.stats.acceptedSteps
                record["rejected"] = sol.stats.rejectedSteps
                record["max_pos_err"] = deviation
                record["energy_drift"] = drift
            } catch {
                record["failed"] = "\(error)"
            }
            runs.append(record)
            let summary = record["failed"].map { "failed: \($0)" }
                ?? String(format: "%.3f ms, %d evals, err %.2e", (record["time_s"] as! Double) * 1e3,
                          record["nfev"] as! Int, record["max_pos_err"] as! Double)
            FileHandle.standardError.write("orrery \(problem.name) \(tableau.name) \(tol): \(summary)\n".data(using: .utf8)!)
        }
    }
}

let out: [String: Any] = ["runs": runs, "references": references,
                          "swift": "release build", "reference": "Orrery dop853 rtol=atol=\(referenceTolerance)"]
let json = try JSONSerialization.data(withJSONObject: out, options: [.prettyPrinted, .sortedKeys])
try json.write(to: URL(fileURLWithPath: args[2]))
