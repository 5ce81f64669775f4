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
            the model's solve and the data. Gradients by ACA (default), the continuous adjoint or naive backprop; \
            both cores are used across trajectories. The fit file (HDF5, --output) holds the model, the parameters \
            (current and best), the optimizer state, the loss history and every setting, and is rewritten \
            atomically every --checkpoint-every iterations and on Ctrl-C; --resume FIT.h5 continues exactly.
            Example (the ACA paper's masses): orrery fit --data datasets/threebody-aca-paper.h5 --model three-body \
            --learn masses --parameters masses=1.0,0.95,1.05 --observe positions --train-until 1 --iterations 200 \
            --output fit.h5
            """
    )

    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var modelOptions: ModelOptions
    @OptionGroup var equationOptions: EquationModelOptions
    @OptionGroup var optimizerOptions: OptimizerOptions
    @Option(help: "aca | adjoint | naive.") var gradient = "aca"
    @Option(help: "step (land steps on observation times) | dense (read them from the solver's interpolant: fewer steps when observations are dense).")
    var observationMode = "step"
    @Option(help: "Adaptive solver: \(ButcherTableau.all.filter(\.isAdaptive).map(\.name).joined(separator: ", ")).") var solver = "dopri5"
    @Option(help: "Relative tolerance.") var rtol = 1e-7
    @Option(help: "Absolute tolerance.") var atol = 1e-9
    @Option(help: "Iterations (optimizer steps), in total (also when resuming).") var iterations = 100
    @Option(help: "Trajectories per iteration (default: all training trajectories).") var batchSize: Int?
    @Option(help: "Random seed (model initialisation, batches, validation split).") var seed: UInt64 = 0
    @Option(help: "positions | all | a comma-separated list of component indices.") var observe = "all"
    @Option(help: "Train on observations at t ≤ T; later ones validate (extrapolation).") var trainUntil: Double?
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
        guard iterations >= 0 else { throw ValidationError("--iterations must be ≥ 0 (got \(iterations))") }
        if let batchSize { guard batchSize > 0 else { throw ValidationError("--batch-size must be positive (got \(batchSize))") } }
        guard ["aca", "adjoint", "naive"].contains(gradient) else { throw ValidationError("--gradient must be aca, adjoint or naive (got \(gradient))") }
        guard ["step", "dense"].contains(observationMode) else { throw ValidationError("--observation-mode must be step or dense (got \(observationMode))") }
        guard let tableau = ButcherTableau.named(solver), tableau.isAdaptive else {
            throw ValidationError("--solver must be adaptive: \(ButcherTableau.all.filter(\.isAdaptive).map(\.name).joined(separator: ", ")) (got \(solver))")
        }
        guard rtol > 0, atol >= 0, rtol.isFinite, atol.isFinite else { throw ValidationError("--rtol must be > 0 and --atol ≥ 0 (got \(rtol), \(atol))") }
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
        let (configuration, checkpoint) = try reportingErrors { () throws -> (FitConfiguration, FitCheckpoint?) in
            if let resume {
                let checkpoint = try FitCheckpoint.read(from: resume)
                var configuration = try FitConfiguration(jsonString: checkpoint.configurationJSON)
                configuration.iterations = max(iterations, checkpoint.iteration)
                return (configuration, checkpoint)
            }
            return (try makeConfiguration(), nil)
        }
        let outputPath = resume ?? output
        let dataset = try reportingErrors {
            try DataOptions.load(path: configuration.data.path, timePath: configuration.data.timePath, statePath: configuration.data.statePath)
                .matching(configuration.model, file: configuration.data.path)
        }
        var attributes = Provenance.attributes
        attributes["model"] = .string(configuration.model.description)
        attributes["model_json"] = .string((try? configuration.model.jsonString()) ?? "")
        attributes["gradient"] = .string(configuration.gradient)
        attributes["observation_mode"] = .string(configuration.observationMode ?? "step")
        attributes["solver"] = .string(configuration.solver)
        attributes["rtol"] = .double(configuration.rtol)
        attributes["atol"] = .double(configuration.atol)
        attributes["optimizer"] = .string(configuration.optimizer.optimizerName)
        for hyperparameter in configuration.optimizer.hyperparameters { attributes["optimizer_" + hyperparameter.name] = hyperparameter.attributeValue }
        attributes["iterations"] = .integer(Int64(configuration.iterations))
        attributes["seed"] = .integer(Int64(bitPattern: configuration.seed))
        attributes["data_file"] = .string(configuration.data.path)
        let reporter = FitProgressReporter(iterations: configuration.iterations)
        let started = Date()
        let result: FitCheckpoint
        do {
            result = try Trainer.fit(configuration: configuration, dataset: dataset, output: outputPath, resume: checkpoint,
                                     threads: threads, attributes: attributes) { reporter.report($0) }
        } catch let interrupted as FitInterrupted {
            FileHandle.standardError.write(Data("orrery: \(interrupted)\n".utf8))
            throw ExitCode(130)
        } catch {
            throw fail(String(describing: error))
        }
        let summary = FitSummary(result: result, dataset: dataset, configuration: configuration, output: outputPath,
                                 seconds: Date().timeIntervalSince(started))
        if json { try printJSON(summary) } else { print(summary.text) }
    }

    func makeConfiguration() throws -> FitConfiguration {
        guard let dataPath = dataOptions.data else { throw ValidationError("give the data with --data FILE (or continue a fit with --resume FIT.h5)") }
        let loaded = try DataOptions.load(path: dataPath, timePath: dataOptions.time, statePath: dataOptions.state)
        let model = try equationOptions.specification(values: modelOptions.parsedParameters()) ?? modelOptions.specification(for: loaded)
        let dataset = try loaded.matching(model, file: dataPath)
        var schedule = try optimizerOptions.parsedSchedule()
        if case .cosine(_, let minimum) = schedule { schedule = .cosine(totalSteps: iterations, minimum: minimum) }
        return FitConfiguration(
            data: .init(path: dataPath, timePath: dataOptions.time, statePath: dataOptions.state),
            model: model,
            learnInitialState: modelOptions.learnsInitialState,
            observedComponents: try observedComponents(dimension: dataset.stateDimension),
            gradient: gradient, observationMode: observationMode, solver: solver, rtol: rtol, atol: atol,
            optimizer: try optimizerOptions.specification(), schedule: schedule, clipNorm: optimizerOptions.clipNorm,
            iterations: iterations, batchSize: batchSize, seed: seed, trainUntil: trainUntil,
            validationFraction: validationFraction, validateEvery: validateEvery, patience: patience,
            checkpointEvery: checkpointEvery, timeWeightBase: timeWeightBase)
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
