import ArgumentParser
import Datasets
import Fitting
import Foundation
import HDF5Kit
import Models
import ODE
import Optimizers

/// `orrery fit`: learn a model's parameters from trajectory data.
struct FitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit",
        abstract: "Fit a model (physics with unknown parameters, a neural vector field, or both) to trajectory data.",
        discussion: """
            Loss: the mean over observed entries (observed components, mask, split) of the squared error between \
            the model's solve and the data. The default optimizer (auto) is Levenberg–Marquardt with exact \
            forward-sensitivity Jacobians for models with ≤ 200 parameters (positive parameters in log space), and \
            AdaBelief followed by L-BFGS for neural models, with gradients by ACA (default), the continuous adjoint \
            or naive backprop; both cores are used across trajectories. The fit ends converged, max-iterations \
            (not converged), stalled or diverged, and says so; few-parameter fits report standard errors. The fit file (HDF5, --output) holds the model, the parameters \
            (current and best), the optimizer state, the loss history and every setting, and is rewritten \
            atomically every --checkpoint-every iterations and on Ctrl-C; --resume FIT.h5 continues exactly.
            Example (the ACA paper's masses): orrery fit --data datasets/threebody-aca-paper.h5 --model three-body \
            --learn masses --parameters masses=1.0,0.95,1.05 --observe positions --train-until 1 --output fit.h5
            """
    )

    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var modelOptions: ModelOptions
    @OptionGroup var equationOptions: EquationModelOptions
    @OptionGroup var optimizerOptions: OptimizerOptions
    @OptionGroup var units: UnitsOptions
    @Option(help: "aca | adjoint | naive | mali (the asynchronous leapfrog inverted backward; implies --solver alf, not with Levenberg–Marquardt).") var gradient = "aca"
    @Option(help: """
        auto (default: dense when a trajectory has more observations than the solver takes steps) | step (land steps on \
        observation times) | dense (read them from the solver's interpolant). The gradient is exact for either.
        """)
    var observationMode = "auto"
    @Option(help: "auto (default: batched for neural models) | per-trajectory | shared-grid (trajectories with the same times solved as one batched system, one step-size sequence).")
    var batching = "auto"
    @Option(help: "Adaptive solver: \(ButcherTableau.all.filter(\.isAdaptive).map(\.name).joined(separator: ", ")), or alf with --gradient mali (default: dop853 for Levenberg–Marquardt, alf for mali, else dopri5).")
    var solver: String?
    @Option(help: "Relative tolerance (default: 1e-10 for Levenberg–Marquardt, whose answer is only as accurate as the solve; else 1e-7).")
    var rtol: Double?
    @Option(help: "Absolute tolerance (default: 1e-12 for Levenberg–Marquardt, else 1e-9).") var atol: Double?
    @Option(help: """
        Maximum iterations, in total (default: lm 100, lbfgs 1000, first-order 100; auto on a neural model: 200 \
        AdaBelief then up to 100 L-BFGS). On --resume: the stored target unless given.
        """) var iterations: Int?
    @Option(help: "Bounds by parameter or block name, e.g. masses=0.5:2,G=0:inf (lo:hi; either may be inf).") var bounds: String?
    @Flag(help: "Optimize positive parameters (masses, G, rates) directly instead of in log space.") var unconstrained = false
    @Option(help: "Fit from N starts (the given one and N − 1 perturbed by 10 %, deterministic per --seed) in parallel; keep the best.")
    var restarts = 1
    @Option(help: "Converged when the relative loss change (actual and predicted) is below this (scipy ftol; default 1e-10 for lm, 2.2e-9 otherwise).")
    var ftol: Double?
    @Option(help: "Converged when the relative step is below this (scipy xtol; default 1e-10).") var xtol: Double?
    @Option(help: "Converged when the gradient measure is below this (scipy gtol: max cosine for lm, default 1e-8; ‖∂L/∂u‖∞ otherwise, default 1e-5).")
    var gtol: Double?
    @Option(help: "Trajectories per iteration (default: all training trajectories).") var batchSize: Int?
    @Option(help: "Random seed (model initialisation, batches, validation split).") var seed: UInt64 = 0
    @Option(help: """
        What the data measure: all (default) | positions | component indices; for --equations or --model-file, state         names (S,I), matched to the data's columns by name, the others started from --initial-state.
        """) var observe = "all"
    @Option(help: ArgumentHelp("Initial values of the states --observe leaves out (equation models), e.g. S=0.99,R=0; learned too with --learn initial-state.",
                               valueName: "name=value,…"))
    var initialState: String?
    @Option(help: "Train on observations at t ≤ T; later ones are the test window (never used for any choice).") var trainUntil: Double?
    @Option(help: "With --train-until T: observations in (T, V] validate (choose the best parameters, stop early); later ones test.")
    var validateUntil: Double?
    @Option(help: "Hold out this fraction of trajectories for validation (when --train-until is not given).") var validationFraction = 0.0
    @Option(help: "Validate every N iterations.") var validateEvery = 5
    @Option(help: "Stop after N validations without improvement.") var patience: Int?
    @Option(help: "Write the fit file every N iterations.") var checkpointEvery = 25
    @Option(help: "Weight observations at time t by BASE^t (the ACA paper uses 0.01).") var timeWeightBase: Double?
    @Option(help: "The fit file to write.") var output = "fit.h5"
    @Option(help: "Continue the fit in this file (its settings are used; --iterations may extend it).") var resume: String?
    @Option(help: "Worker threads (default: all cores). Results do not depend on it.") var threads = ProcessInfo.processInfo.activeProcessorCount
    @Flag(help: "Print a JSON summary on stdout.") var json = false

    func validate() throws {
        guard dataOptions.data != nil || resume != nil else { throw ValidationError("give the data with --data FILE (or continue a fit with --resume FIT.h5)") }
        guard (1...1000).contains(restarts) else { throw ValidationError("--restarts must be in 1…1000 (got \(restarts))") }
        if let iterations { guard iterations >= 0 else { throw ValidationError("--iterations must be ≥ 0 (got \(iterations))") } }
        for (name, value) in [("--ftol", ftol), ("--xtol", xtol), ("--gtol", gtol)] {
            guard let value else { continue }
            guard value >= 0, value.isFinite else { throw ValidationError("\(name) must be finite and ≥ 0 (got \(value))") }
        }
        if let validateUntil {
            guard let trainUntil, validateUntil > trainUntil else {
                throw ValidationError("--validate-until needs --train-until below it (the validation window is (T, V])")
            }
        }
        _ = try parsedBounds()
        if let batchSize { guard batchSize > 0 else { throw ValidationError("--batch-size must be positive (got \(batchSize))") } }
        guard ["aca", "adjoint", "naive", "mali"].contains(gradient) else { throw ValidationError("--gradient must be aca, adjoint, naive or mali (got \(gradient))") }
        guard ["auto", "step", "dense"].contains(observationMode) else { throw ValidationError("--observation-mode must be auto, step or dense (got \(observationMode))") }
        if gradient == "mali", let solver, solver != "alf" {
            throw ValidationError("--gradient mali differentiates the asynchronous leapfrog: use --solver alf or leave --solver out (got \(solver))")
        }
        if let solver, solver == "alf", gradient != "mali" {
            throw ValidationError("--solver alf (the asynchronous leapfrog) is differentiated only by --gradient mali (got --gradient \(gradient))")
        }
        if let solver, solver != "alf" {
            guard let tableau = ButcherTableau.named(solver), tableau.isAdaptive else {
                throw ValidationError("--solver must be adaptive: \(ButcherTableau.all.filter(\.isAdaptive).map(\.name).joined(separator: ", ")) (got \(solver))")
            }
        }
        if let rtol { guard rtol > 0, rtol.isFinite else { throw ValidationError("--rtol must be finite and > 0 (got \(rtol))") } }
        if let atol { guard atol >= 0, atol.isFinite else { throw ValidationError("--atol must be finite and ≥ 0 (got \(atol))") } }
        guard (0..<1).contains(validationFraction) else { throw ValidationError("--validation-fraction must be in [0, 1) (got \(validationFraction))") }
        guard threads > 0, validateEvery > 0, checkpointEvery > 0 else { throw ValidationError("--threads, --validate-every and --checkpoint-every must be positive") }
        if let clip = optimizerOptions.clipNorm { guard clip > 0 else { throw ValidationError("--clip-norm must be positive (got \(clip))") } }
        _ = try optimizerOptions.specification()
        _ = try optimizerOptions.parsedSchedule()
        _ = try modelOptions.parsedParameters()
    }

    func observedComponents(dimension: Int) throws -> [Int]? {
        switch observe {
        case "all": return nil
        case "positions":
            guard dimension % 6 == 0 else { throw ValidationError("--observe positions needs an N-body state (6N components); this data has \(dimension)") }
            return Array(0..<(dimension / 2))
        default:
            let indices = observe.split(separator: ",").map { Int($0) }
            guard indices.allSatisfy({ $0 != nil && (0..<dimension).contains($0!) }) else {
                throw ValidationError("--observe must be positions, all, or component indices in 0..<\(dimension) (got \(observe))")
            }
            return indices.map { $0! }
        }
    }

    func run() throws {
        InterruptFlag.install()
        // The data are read once: by makeConfiguration for a new fit, here for a resumed one.
        let (configuration, checkpoint, loaded) = try reportingErrors { () throws -> (FitConfiguration, FitCheckpoint?, TrajectoryDataset?) in
            if let resume {
                let checkpoint = try FitCheckpoint.read(from: resume)
                var configuration = try FitConfiguration(jsonString: checkpoint.configurationJSON)
                if let iterations { configuration.iterations = max(iterations, checkpoint.iteration) }
                return (configuration, checkpoint, nil)
            }
            let (configuration, dataset) = try makeConfiguration()
            return (configuration, nil, dataset)
        }
        let outputPath = resume ?? output
        try reportingErrors { try OutputGuard.requireDistinct(output: outputPath, from: [(configuration.data.path, "--data")]) }
        let dataset = try reportingErrors {
            try loaded ?? DataOptions.load(path: configuration.data.path, timePath: configuration.data.timePath,
                                           statePath: configuration.data.statePath).matching(configuration, file: configuration.data.path)
        }
        let plan = try reportingErrors { try FitPlan(configuration: configuration, dataset: dataset) }
        FileHandle.standardError.write(Data("orrery: read \(DataSummary(dataset: dataset, path: configuration.data.path).line)\n".utf8))
        FileHandle.standardError.write(Data("orrery: \(plan.line)\n".utf8))
        var attributes = Provenance.attributes
        attributes["model"] = .string(configuration.model.description)
        attributes["model_json"] = .string((try? configuration.model.jsonString()) ?? "")
        attributes["gradient"] = .string(configuration.gradient)
        attributes["observation_mode"] = .string(configuration.observationMode ?? "step")
        attributes["solver"] = .string(configuration.solver)
        attributes["rtol"] = .double(configuration.rtol)
        attributes["atol"] = .double(configuration.atol)
        attributes["optimizer"] = .string(plan.strategy == .levenbergMarquardt ? "lm" : plan.strategy == .lbfgs ? "lbfgs" : configuration.optimizer.optimizerName)
        attributes["optimizer_choice"] = .string(plan.line)
        for hyperparameter in configuration.optimizer.hyperparameters { attributes["optimizer_" + hyperparameter.name] = hyperparameter.attributeValue }
        let tolerances = configuration.tolerances ?? .standard
        attributes["ftol"] = .double(tolerances.ftol)
        attributes["xtol"] = .double(tolerances.xtol)
        attributes["gtol"] = .double(tolerances.gtol)
        attributes["iterations"] = .integer(Int64(configuration.iterations))
        attributes["seed"] = .integer(Int64(bitPattern: configuration.seed))
        attributes["data_file"] = .string(configuration.data.path)
        let reporter = FitProgressReporter(iterations: configuration.iterations + (plan.strategy == .firstOrderThenLBFGS ? configuration.polishIterations ?? 0 : 0),
                                           parameterNames: plan.parameterNames)
        let started = Date()
        let result: FitCheckpoint
        do {
            // The fit file and the summary name flags where the library names its settings.
            let sink = FitCheckpointSink(outputPath) { try CLIKnobNames.translate($0).write(to: outputPath) }
            result = CLIKnobNames.translate(try Trainer.fit(configuration: configuration, dataset: dataset, checkpoints: sink,
                                                            resume: checkpoint, threads: threads, attributes: attributes) { reporter.report($0) })
        } catch let interrupted as FitInterrupted {
            let path = interrupted.checkpointPath
            FileHandle.standardError.write(Data("orrery: interrupted after iteration \(interrupted.iteration); state saved in \(path) (continue with --resume \(path))\n".utf8))
            throw ExitCode(130)
        } catch {
            throw fail(String(describing: error))
        }
        reporter.finish()
        let summary = FitSummary(result: result, dataset: dataset, configuration: configuration, output: outputPath,
                                 seconds: Date().timeIntervalSince(started))
        for warning in summary.warnings { FileHandle.standardError.write(Data("orrery: warning: \(warning)\n".utf8)) }
        if json { try printJSON(summary) } else { print(summary.text) }
    }

    func parsedBounds() throws -> [String: ParameterBounds]? {
        guard let bounds else { return nil }
        var result: [String: ParameterBounds] = [:]
        for item in bounds.split(separator: ",") {
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            let range = parts.count == 2 ? parts[1].split(separator: ":", omittingEmptySubsequences: false).map(String.init) : []
            func number(_ text: String) -> Double? {
                switch text.lowercased() {
                case "inf", "+inf", "infinity": .infinity
                case "-inf", "-infinity": -.infinity
                default: Double(text)
                }
            }
            guard parts.count == 2, range.count == 2, let lo = number(range[0]), let hi = number(range[1]), !lo.isNaN, !hi.isNaN, lo < hi else {
                throw ValidationError("--bounds must look like name=lo:hi with lo < hi, e.g. masses=0.5:2 (got \(item))")
            }
            guard result[parts[0]] == nil else { throw ValidationError("--bounds: \(parts[0]) given twice") }
            result[parts[0]] = ParameterBounds(lower: lo, upper: hi)
        }
        return result
    }

    /// The configuration of a new fit and the data it was made for (columns matched to the model).
    func makeConfiguration() throws -> (FitConfiguration, TrajectoryDataset) {
        guard let dataPath = dataOptions.data else { throw ValidationError("give the data with --data FILE (or continue a fit with --resume FIT.h5)") }
        let loaded = try DataOptions.load(path: dataPath, timePath: dataOptions.time, statePath: dataOptions.state)
        let model = try equationOptions.specification(values: modelOptions.parsedParameters(), networks: modelOptions.networkSettings())
            ?? units.applying(to: modelOptions.specification(for: loaded))
        var observation = EquationObservation.everyState, isEquations = false
        if case let .equations(specification) = model {
            isEquations = true
            observation = try EquationObservation(observe: observe, initialState: initialState, stateNames: try specification.makeModel().stateNames)
        } else if initialState != nil {
            throw ValidationError("--initial-state gives the starts of unobserved states of --equations/--model-file models; built-in models start from the data")
        }
        let dataset = try loaded.matching(model, observed: observation.components, initialStates: observation.initialStates, file: dataPath)
        var configuration = FitConfiguration(
            data: .init(path: dataPath, timePath: dataOptions.time, statePath: dataOptions.state, initialStates: observation.initialStates),
            model: model,
            learnInitialState: modelOptions.learnsInitialState,
            observedComponents: isEquations ? observation.components : try observedComponents(dimension: dataset.stateDimension),
            gradient: gradient, observationMode: observationMode, solver: solver ?? (gradient == "mali" ? "alf" : "dopri5"), rtol: rtol ?? 1e-7, atol: atol ?? 1e-9,
            optimizer: try optimizerOptions.specification(), clipNorm: optimizerOptions.clipNorm,
            iterations: iterations ?? 0, batchSize: batchSize, seed: seed, trainUntil: trainUntil,
            validationFraction: validationFraction, validateEvery: validateEvery, patience: patience,
            checkpointEvery: checkpointEvery, timeWeightBase: timeWeightBase, strategy: optimizerOptions.strategy,
            positivity: !unconstrained,
            bounds: equationBounds(model, commandLine: try parsedBounds()), validateUntil: validateUntil, restarts: restarts)
        configuration.batching = batching
        // Iteration budgets by the optimizer that will run (auto resolves on the parameter count).
        let plan = try FitPlan(configuration: configuration, dataset: dataset)
        let leastSquares = plan.strategy == .levenbergMarquardt
        configuration.tolerances = ConvergenceTolerances(ftol: ftol ?? (leastSquares ? 1e-10 : 2.2e-9), xtol: xtol ?? 1e-10,
                                                         gtol: gtol ?? (leastSquares ? 1e-8 : 1e-5))
        switch plan.strategy {
        case .levenbergMarquardt:
            if gradient == "mali" {
                throw ValidationError("--gradient mali needs a gradient-based optimizer; Levenberg–Marquardt (the default for few parameters) uses forward-sensitivity Jacobians: choose another --optimizer, or --gradient aca")
            }
            configuration.iterations = iterations ?? 100
            configuration.solver = solver ?? "dop853"
            configuration.rtol = rtol ?? 1e-10
            configuration.atol = atol ?? 1e-12
        case .lbfgs: configuration.iterations = iterations ?? 1000
        case .firstOrder, .auto: configuration.iterations = iterations ?? 100
        case .firstOrderThenLBFGS:
            configuration.iterations = iterations ?? 200
            configuration.polishIterations = 100
        }
        var schedule = try optimizerOptions.parsedSchedule()
        if case .cosine(_, let minimum) = schedule { schedule = .cosine(totalSteps: configuration.iterations, minimum: minimum) }
        configuration.schedule = schedule
        return (configuration, dataset)
    }
}

extension Hyperparameter {
    /// The value as an HDF5 attribute.
    var attributeValue: HDF5AttributeValue {
        switch value {
        case .number(let x): .double(x)
        case .flag(let b): .integer(b ? 1 : 0)
        case .text(let s): .string(s)
        }
    }
}
