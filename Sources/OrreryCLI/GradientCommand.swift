import ArgumentParser
import Datasets
import Dispatch
import Foundation
import Gradients
import ODE
import Parallel
import Physics

/// `orrery gradient`: the loss of a model on a dataset and its gradient with respect to the
/// model parameters and the initial states, by naive backprop, the adjoint or ACA.
struct GradientCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gradient",
        abstract: "Compute the gradient of a trajectory loss through an adaptive solver (naive, adjoint, ACA, MALI).",
        discussion: """
            Loss: the mean over observed entries of the squared error between the model's predictions and \
            /state at the times /t, from each trajectory's /initial_state at its /t0 (default 0). \
            With several trajectories the loss is the mean over all observed entries of all of them and the \
            parameter gradient is of that batch loss (trajectories run in parallel on --threads).
            Model three-body: NBodyGravity with parameters [m1, m2, m3, G]. --parameters masses=1.1,0.9,1.0 sets the \
            masses (default: the file's /parameters/masses of each trajectory); G=… sets G (default: /parameters/G, \
            the root attribute G, else 1). The gradient is printed for the masses, for G, and for each initial state.
            Observations land on steps by default (--observation-mode step): exact, full-order predictions. \
            --observation-mode dense reads them from the solver's interpolant and backpropagates through it.
            --method mali --solver alf integrates with the asynchronous leapfrog and inverts its steps backward \
            (MALI, Zhuang et al. 2021): memory independent of the step count; observations always land on steps.
            Example: orrery gradient --data datasets/threebody.h5 --model three-body --parameters masses=1.1,1.1,1.1 \
            --method aca --solver dopri5 --rtol 1e-9 --atol 1e-9 --observe positions --trajectory 0 --check --json
            """
    )

    @Option(help: "Schema-v1 dataset (HDF5).") var data: String
    @Option(help: "The model: three-body.") var model = "three-body"
    @Option(help: "Model parameters, e.g. masses=1.0,1.0,1.0 or masses=1,1,1,G=1.") var parameters: String?
    @Option(help: "naive | adjoint | aca | mali, a comma-separated list, or all (naive, adjoint, aca).") var method = "aca"
    @Option(help: "Adaptive solver: \(ButcherTableau.all.filter(\.isAdaptive).map(\.name).joined(separator: ", ")), or alf (the asynchronous leapfrog, for --method mali).") var solver = "dopri5"
    @Option(help: "Relative tolerance of the forward solve.") var rtol = 1e-9
    @Option(help: "Absolute tolerance of the forward solve.") var atol = 1e-9
    @Option(help: "Relative tolerance of the adjoint's backward solve (default: --rtol).") var adjointRtol: Double?
    @Option(help: "Absolute tolerance of the adjoint's backward solve (default: --atol).") var adjointAtol: Double?
    @Option(help: "positions (the first 9 components) | all.") var observe = "all"
    @Option(help: "step (land on observation times) | dense (read them from dense output).") var observationMode = "step"
    @Option(help: "Use only trajectory i (default: all of them, as one batch).") var trajectory: Int?
    @Option(help: "Worker threads for a batch (default: all cores). Results do not depend on it.")
    var threads = ProcessInfo.processInfo.activeProcessorCount
    @Option(help: "After a warm-up, compute each gradient N more times and report the median seconds.") var `repeat` = 0
    @Flag(help: "Also compute the gradient by finite differences of a tight solve (dop853, rtol = atol = 1e-12) and print each method's relative error.")
    var check = false
    @Flag(help: "Print one JSON object.") var json = false
    @OptionGroup var equationOptions: EquationModelOptions
    @Option(help: "Equations with nn(…) terms: the networks' hidden widths (as fit's --hidden).") var hidden = "64,64"
    @Option(help: "Equations with nn(…) terms: the networks' activation, tanh | softplus | silu.") var activation = "tanh"

    static let methodNames = ["naive", "adjoint", "aca", "mali"]
    /// Relative steps of the finite-difference check.
    static let checkSteps = [1e-3, 1e-4, 1e-5, 1e-6]

    func validate() throws {
        guard model == "three-body" else { throw ValidationError("unknown --model \(model); available: three-body") }
        let names = try methods()
        if solver == "alf" {
            guard names.allSatisfy({ $0 == "mali" }) else {
                throw ValidationError("--solver alf (the asynchronous leapfrog) is differentiated by --method mali only; use an RK --solver for \(names.filter { $0 != "mali" }.joined(separator: ", "))")
            }
        } else {
            guard let tableau = ButcherTableau.named(solver), tableau.isAdaptive else {
                throw ValidationError("--solver must be an adaptive method: \(ButcherTableau.all.filter(\.isAdaptive).map(\.name).joined(separator: ", ")), or alf (got \(solver))")
            }
            guard !names.contains("mali") else {
                throw ValidationError("--method mali differentiates the asynchronous leapfrog: give --solver alf (got --solver \(solver))")
            }
        }
        for (name, value) in [("--rtol", rtol), ("--atol", atol), ("--adjoint-rtol", adjointRtol ?? rtol), ("--adjoint-atol", adjointAtol ?? atol)] {
            guard value >= 0, value.isFinite else { throw ValidationError("\(name) must be finite and ≥ 0 (got \(value))") }
        }
        guard rtol > 0 || atol > 0 else { throw ValidationError("--rtol and --atol cannot both be 0") }
        guard ["positions", "all"].contains(observe) else { throw ValidationError("--observe must be positions or all (got \(observe))") }
        guard ObservationMode(rawValue: observationMode) != nil else {
            throw ValidationError("--observation-mode must be step or dense (got \(observationMode))")
        }
        if let trajectory { guard trajectory >= 0 else { throw ValidationError("--trajectory must be ≥ 0 (got \(trajectory))") } }
        guard threads > 0 else { throw ValidationError("--threads must be positive (got \(threads))") }
        guard `repeat` >= 0 else { throw ValidationError("--repeat must be ≥ 0 (got \(`repeat`))") }
        if !equationOptions.isGiven { _ = try parsedParameters() }
    }

    func methods() throws -> [String] {
        let names = method == "all" ? ["naive", "adjoint", "aca"] : method.split(separator: ",").map { String($0) }
        for name in names where !Self.methodNames.contains(name) {
            throw ValidationError("unknown --method \(name); choose naive, adjoint, aca, mali, a comma-separated list, or all")
        }
        guard !names.isEmpty else { throw ValidationError("--method is empty") }
        return names
    }

    /// `masses=1,1,1,G=1` → ["masses": [1, 1, 1], "G": [1]].
    func parsedParameters() throws -> [String: [Double]] {
        guard let parameters else { return [:] }
        var result: [String: [Double]] = [:]
        var current: String?
        for token in parameters.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            var valueText = token
            if let equals = token.firstIndex(of: "=") {
                current = String(token[..<equals])
                valueText = String(token[token.index(after: equals)...])
                guard let name = current, ["masses", "G"].contains(name) else {
                    throw ValidationError("--parameters: unknown name '\(current ?? "")'; three-body takes masses=m1,m2,m3 and G=g")
                }
                guard result[name] == nil else { throw ValidationError("--parameters: \(name) given twice") }
                result[name] = []
            }
            guard let name = current else { throw ValidationError("--parameters must look like masses=1.0,1.0,1.0 (got \(parameters))") }
            guard let value = Double(valueText), value.isFinite else {
                throw ValidationError("--parameters: '\(valueText)' is not a finite number")
            }
            result[name]!.append(value)
        }
        if let masses = result["masses"], masses.count != 3 { throw ValidationError("--parameters: masses needs 3 values (got \(masses.count))") }
        if let g = result["G"], g.count != 1 { throw ValidationError("--parameters: G takes one value (got \(g.count))") }
        if let masses = result["masses"], !masses.allSatisfy({ $0 > 0 }) { throw ValidationError("--parameters: masses must be positive (got \(masses))") }
        if let g = result["G"], !(g[0] > 0) { throw ValidationError("--parameters: G must be positive (got \(g[0]))") }
        return result
    }

    func run() throws {
        if equationOptions.isGiven { return try reportingErrors { try runEquations() } }
        try reportingErrors {
            let dataset = try TrajectoryDataset.read(from: data)
            let problems = try makeProblems(dataset)
            var reports: [GradientMethodReport] = []
            for name in try methods() {
                let method: GradientMethod = switch name {
                case "naive": .naive
                case "adjoint": .adjoint(rtol: adjointRtol ?? rtol, atol: adjointAtol ?? atol)
                case "mali": .mali
                default: .aca
                }
                var result = try computeGradients(problems.map(\.problem), method: method, threads: threads)
                var seconds: Double?
                if `repeat` > 0 {
                    var times: [Double] = []
                    for _ in 0..<`repeat` {
                        let start = DispatchTime.now().uptimeNanoseconds
                        result = try computeGradients(problems.map(\.problem), method: method, threads: threads)
                        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
                    }
                    seconds = times.sorted()[times.count / 2]
                }
                let values = [result.loss] + result.parameterGradient + result.initialStateGradients.flatMap { $0 }
                guard values.allSatisfy(\.isFinite) else {
                    throw GradientInputError("\(name): the loss or gradient is not finite (loss \(result.loss)): the initial states, parameters or data are out of range for a double-precision solve; check them, or tighten --rtol/--atol")
                }
                reports.append(GradientMethodReport(name: name, method: method, result: result, secondsPerGradient: seconds, repeats: `repeat`))
            }
            var checkReport: GradientCheckReport?
            if check {
                let reference = try finiteDifferenceGradient(problems.map(\.problem))
                checkReport = GradientCheckReport(gradient: GradientValues(reference))
                for i in reports.indices {
                    reports[i].relativeError = GradientValues(reports[i].result).relativeError(to: GradientValues(reference))
                }
            }
            let report = GradientReport(
                command: Provenance.command, data: data, model: model, solver: solver, rtol: rtol, atol: atol,
                observe: observe, observationMode: observationMode, trajectories: problems.map(\.id),
                parameters: ParameterValues(problems[0].problem.parameters), methods: reports, check: checkReport)
            if json { try printJSON(report) } else { print(report.text) }
        }
    }

    /// One problem per selected trajectory.
    func makeProblems(_ dataset: TrajectoryDataset) throws -> [(id: Int, problem: GradientProblem<NBodyGravity>)] {
        let field = NBodyGravity(bodyCount: 3)
        let d = dataset.stateDimension, n = dataset.sampleCount, b = dataset.trajectoryCount
        guard d == field.dimension else {
            throw GradientInputError("\(data): the three-body model needs 18 state components (x1…z3, vx1…vz3); /state has \(d)")
        }
        let rows: [Int]
        if let trajectory {
            guard trajectory < b else { throw GradientInputError("--trajectory \(trajectory) is out of range: \(data) has \(b) trajectories") }
            rows = [trajectory]
        } else {
            rows = Array(0..<b)
        }
        let given = try parsedParameters()
        let rootG = dataset.metadata.attributes["G"]?.doubleValue ?? 1
        let observedComponents = observe == "positions" ? 9 : d
        return try rows.map { row in
            func fileParameter(_ name: String, _ count: Int) -> [Double]? {
                guard let array = dataset.parameters[name], array.count == b * count else { return nil }
                return Array(array.values[(row * count)..<((row + 1) * count)])
            }
            guard let masses = given["masses"] ?? fileParameter("masses", 3) else {
                throw GradientInputError("\(data) has no /parameters/masses of shape (B, 3): give --parameters masses=m1,m2,m3")
            }
            let g = given["G"]?[0] ?? fileParameter("G", 1)?[0] ?? rootG
            guard masses.allSatisfy({ $0 > 0 && $0.isFinite }), g > 0, g.isFinite else {
                throw GradientInputError("\(data), trajectory \(row): masses \(masses) and G = \(g) must be positive and finite (from the file's /parameters or root attribute G); override them with --parameters masses=…,G=…")
            }
            let times = Array(dataset.times.values[(row * n)..<((row + 1) * n)])
            let values = Array(dataset.states.values[(row * n * d)..<((row + 1) * n * d)])
            let mask = (0..<(n * d)).map { i in i % d < observedComponents && dataset.isObserved(row, i / d, i % d) }
            let y0 = Array(dataset.initialStates.values[(row * d)..<((row + 1) * d)])
            let problem = GradientProblem(
                field: field, t0: dataset.initialTimes[row], initialState: y0, parameters: masses + [g],
                observations: Observations(times: times, values: values, mask: mask),
                tableau: ButcherTableau.named(solver) ?? .dormandPrince5, controller: StepSizeController(rtol: rtol, atol: atol),
                observationMode: ObservationMode(rawValue: observationMode)!)
            try problem.validate()
            return (Int(dataset.trajectoryIDs[row]), problem)
        }
    }

    /// Five-point central differences of the batch loss from a tight DOP853 solve
    /// (rtol = atol = 1e-12) at steps (1e-3…1e-6)·max(1, |x|), keeping per component the
    /// estimate where consecutive steps agree best.
    func finiteDifferenceGradient<Field: DifferentiableVectorField & Sendable>(_ problems: [GradientProblem<Field>]) throws -> BatchGradientResult {
        let tight = problems.map { problem -> GradientProblem<Field> in
            var copy = problem
            copy.tableau = .dormandPrince8
            copy.controller = StepSizeController(rtol: 1e-12, atol: 1e-12)
            return copy
        }
        let m = tight[0].parameters.count, n = tight[0].initialState.count
        let outcomes: [Result<GradientResult, ODEError>] = parallelMap(tight.count, threads: threads) { b in
            do throws(ODEError) {
                let problem = tight[b]
                let base = try evaluateLoss(problem)
                var gradient: [Double] = []
                for v in 0..<(m + n) {
                    let x = v < m ? problem.parameters[v] : problem.initialState[v - m]
                    // Five-point stencils at shrinking steps; keep the estimate where two consecutive steps
                    // agree best (close encounters need small steps, smooth stretches larger ones).
                    var estimates: [Double] = []
                    for relative in Self.checkSteps {
                        let h = relative * max(1, abs(x))
                        var values: [Double] = []
                        for delta in [h, -h, 2 * h, -2 * h] {
                            var copy = problem
                            if v < m { copy.parameters[v] += delta } else { copy.initialState[v - m] += delta }
                            values.append(try evaluateLoss(copy).loss)
                        }
                        estimates.append((8 * values[0] - 8 * values[1] - values[2] + values[3]) / (12 * h))
                    }
                    var best = 1
                    for k in 1..<estimates.count where abs(estimates[k] - estimates[k - 1]) < abs(estimates[best] - estimates[best - 1]) {
                        best = k
                    }
                    gradient.append(estimates[best])
                }
                return .success(GradientResult(
                    method: "finite-differences", loss: base.loss, observedCount: base.observedCount,
                    parameterGradient: Array(gradient[0..<m]), initialStateGradient: Array(gradient[m...]),
                    predictions: base.predictions, forwardEvaluations: 0, backwardEvaluations: 0, backwardVJPs: 0,
                    acceptedSteps: base.stats.acceptedSteps, rejectedSteps: base.stats.rejectedSteps, peakBackwardBytes: 0))
            } catch {
                return .failure(error)
            }
        }
        var results: [GradientResult] = []
        for outcome in outcomes { results.append(try outcome.get()) }
        return BatchGradientResult(method: "finite-differences", trajectories: results)
    }

}

/// A dataset that does not fit the model or the flags: one line on stderr.
struct GradientInputError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The parameters as the three-body model names them.
struct ParameterValues: Encodable {
    let masses: [Double]
    let G: Double
    init(_ parameters: [Double]) {
        masses = Array(parameters[0..<3])
        G = parameters[3]
    }
}

/// A gradient as printed: masses, G, and one initial-state gradient per trajectory.
struct GradientValues: Encodable {
    let masses: [Double]
    let G: Double
    let initialState: [[Double]]

    init(_ result: BatchGradientResult) {
        masses = Array(result.parameterGradient[0..<3])
        G = result.parameterGradient[3]
        initialState = result.initialStateGradients
    }

    var flat: [Double] { masses + [G] + initialState.flatMap { $0 } }

    /// ‖self − reference‖₂ / ‖reference‖₂ over every printed component.
    func relativeError(to reference: GradientValues) -> Double {
        let a = flat, b = reference.flat
        let difference = zip(a, b).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
        return difference / max(b.reduce(0) { $0 + $1 * $1 }.squareRoot(), .leastNormalMagnitude)
    }
}

struct GradientCost: Encodable {
    let forwardEvaluations, backwardEvaluations, backwardVJPs: Int
    let acceptedSteps, rejectedSteps, backwardAcceptedSteps, backwardRejectedSteps: Int
    let peakBackwardBytes: Int
}

struct GradientMethodReport: Encodable {
    let name: String
    let method: GradientMethod
    let result: BatchGradientResult
    let secondsPerGradient: Double?
    let repeats: Int
    var relativeError: Double?

    enum CodingKeys: String, CodingKey {
        case method, loss, gradient, cost, secondsPerGradient, repeats, relativeError, adjointTolerances, reconstructionError
    }

    /// MALI: the largest reconstruction error over the batch's trajectories.
    var reconstructionError: Double? {
        let errors = result.trajectories.compactMap(\.reconstructionError)
        return errors.isEmpty ? nil : errors.max()
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .method)
        try container.encode(result.loss, forKey: .loss)
        try container.encode(GradientValues(result), forKey: .gradient)
        let r = result.trajectories
        try container.encode(GradientCost(
            forwardEvaluations: result.forwardEvaluations, backwardEvaluations: result.backwardEvaluations,
            backwardVJPs: result.backwardVJPs, acceptedSteps: result.acceptedSteps, rejectedSteps: result.rejectedSteps,
            backwardAcceptedSteps: r.reduce(0) { $0 + $1.backwardAcceptedSteps },
            backwardRejectedSteps: r.reduce(0) { $0 + $1.backwardRejectedSteps },
            peakBackwardBytes: result.peakBackwardBytes), forKey: .cost)
        try container.encodeIfPresent(secondsPerGradient, forKey: .secondsPerGradient)
        if secondsPerGradient != nil { try container.encode(repeats, forKey: .repeats) }
        try container.encodeIfPresent(relativeError, forKey: .relativeError)
        if case .adjoint(let rtol, let atol) = method { try container.encode(["rtol": rtol, "atol": atol], forKey: .adjointTolerances) }
        try container.encodeIfPresent(reconstructionError, forKey: .reconstructionError)
    }
}

struct GradientCheckReport: Encodable {
    let reference = "five-point central differences of dop853 at rtol = atol = 1e-12, step (1e-3, 1e-4, 1e-5 or 1e-6)·max(1,|x|) where consecutive steps agree best"
    let gradient: GradientValues
}

struct GradientReport: Encodable {
    let command: String
    let data: String
    let model: String
    let solver: String
    let rtol: Double
    let atol: Double
    let observe: String
    let observationMode: String
    let trajectories: [Int]
    let parameters: ParameterValues
    let methods: [GradientMethodReport]
    let check: GradientCheckReport?

    var text: String {
        func format(_ x: Double) -> String { String(format: "%.6e", x) }
        var lines = ["\(data): \(model), \(trajectories.count) trajector\(trajectories.count == 1 ? "y" : "ies"), \(solver) rtol \(rtol) atol \(atol), observe \(observe), observations \(observationMode)"]
        lines.append("parameters: masses \(parameters.masses.map(format).joined(separator: " ")), G \(format(parameters.G))")
        for report in methods {
            let g = GradientValues(report.result), r = report.result
            var line = "\(report.name): loss \(format(r.loss)); dL/dmasses \(g.masses.map(format).joined(separator: " ")); dL/dG \(format(g.G))"
            line += "; |dL/dy0| \(format(g.initialState.flatMap { $0 }.reduce(0) { $0 + $1 * $1 }.squareRoot()))"
            line += "; fwd \(r.forwardEvaluations) f, bwd \(r.backwardEvaluations) f + \(r.backwardVJPs) VJP, steps \(r.acceptedSteps)+\(r.rejectedSteps) rejected, \(r.peakBackwardBytes) B"
            if let seconds = report.secondsPerGradient { line += ", \(String(format: "%.3g", seconds * 1e3)) ms/gradient (median of \(report.repeats))" }
            if let error = report.relativeError { line += ", relative error \(String(format: "%.2e", error))" }
            if let error = report.reconstructionError { line += ", reconstruction error \(String(format: "%.2e", error))" }
            lines.append(line)
        }
        if let check { lines.append("check: \(check.reference): dL/dmasses \(check.gradient.masses.map(format).joined(separator: " "))") }
        return lines.joined(separator: "\n")
    }
}
