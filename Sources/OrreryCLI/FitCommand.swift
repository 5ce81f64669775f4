import ArgumentParser
import Datasets
import Fitting
import Foundation
import ODE

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
    @Option(help: "auto (default: batched for neural models) | per-trajectory | shared-grid (trajectories with the same times solved as one batched system, one step-size sequence) | lockstep (trajectories with their own times and step sizes advanced in batched groups of up to 32; ACA).")
    var batching = "auto"
    @Option(help: "Adaptive solver: \(ButcherTableau.adaptiveNames), or alf with --gradient mali (default: dop853 for Levenberg–Marquardt, alf for mali, else dopri5).")
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
        What the data measure: all (default) | positions | component indices; for --equations or --model-file, state names (S,I), matched to the data's columns by name, the others started from --initial-state.
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
        try flagged { try request.validate() }
        let choice = try optimizerOptions.choice()
        let schedule = try optimizerOptions.parsedSchedule()
        _ = try flagged { try modelOptions.parsedParameters() }
        // The library checks restarts, ftol/xtol/gtol, the validation split and clipNorm (an unknown --batching
        // is reported by run, as before).
        if let made = try? request.settings(strategy: choice.strategy, optimizer: choice.optimizer, schedule: schedule) {
            try flagged { try made.0.validateSchedule() }
        }
    }

    func run() throws {
        InterruptFlag.install()
        try reportingErrors { try execute() }
    }

    /// The fit, new or resumed; every failure is one line on stderr (``reportingErrors``), an interrupt exit status 130.
    func execute() throws {
        // The data are read once: by makeConfiguration for a new fit, below for a resumed one.
        let (configuration, checkpoint, loaded): (FitConfiguration, FitCheckpoint?, TrajectoryDataset?)
        if let resume {
            let stored = try FitCheckpoint.read(from: resume)
            (configuration, checkpoint, loaded) = (try stored.resumedConfiguration(iterations: iterations), stored, nil)
        } else {
            (configuration, loaded) = try makeConfiguration()
            checkpoint = nil
        }
        let outputPath = resume ?? output
        try OutputGuard.requireDistinct(output: outputPath, from: [(configuration.data.path, "--data")], knob: "--output")
        let source = configuration.data
        let dataset = try loaded ?? DataOptions.load(path: source.path, timePath: source.timePath, statePath: source.statePath)
            .matching(configuration, file: source.path)
        let plan = try FitPlan(configuration: configuration, dataset: dataset)
        FileHandle.standardError.write(Data("orrery: read \(DataSummary(dataset: dataset, path: source.path).line)\n".utf8))
        FileHandle.standardError.write(Data("orrery: \(plan.line)\n".utf8))
        let attributes = Provenance.attributes.merging(plan.attributes(of: configuration)) { $1 }
        let (progress, total) = (ProgressLine(), plan.totalIterations(of: configuration))
        let started = Date()
        let result: FitCheckpoint
        do {
            // The fit file and the summary name flags where the library names its settings.
            let sink = FitCheckpointSink(outputPath) { try CLIKnobNames.translate($0).write(to: outputPath) }
            result = CLIKnobNames.translate(try Trainer.fit(configuration: configuration, dataset: dataset, checkpoints: sink,
                                                            resume: checkpoint, threads: threads, attributes: attributes) {
                progress.report($0, iterations: total, parameterNames: plan.parameterNames)
            })
        } catch let interrupted as FitInterrupted {
            let path = interrupted.checkpointPath
            FileHandle.standardError.write(Data("orrery: interrupted after iteration \(interrupted.iteration); state saved in \(path) (continue with --resume \(path))\n".utf8))
            throw ExitCode(130)
        }
        progress.finish()
        let summary = FitSummary(result: result, dataset: dataset, configuration: configuration, output: outputPath,
                                 seconds: Date().timeIntervalSince(started))
        for warning in summary.warnings { FileHandle.standardError.write(Data("orrery: warning: \(warning)\n".utf8)) }
        if json { try printJSON(summary) } else { print(summary.text) }
    }

    /// The flags as the library's request: names as typed, nil for what is left to the optimizer that runs.
    var request: FitRequest {
        FitRequest(gradient: gradient, observationMode: observationMode, batching: batching, solver: solver, rtol: rtol, atol: atol,
                   iterations: iterations, bounds: bounds, batchSize: batchSize, ftol: ftol, xtol: xtol, gtol: gtol, threads: threads,
                   validateEvery: validateEvery, checkpointEvery: checkpointEvery, seed: seed, learnInitialState: modelOptions.learnsInitialState,
                   positivity: !unconstrained, restarts: restarts, clipNorm: optimizerOptions.clipNorm, trainUntil: trainUntil,
                   validateUntil: validateUntil, validationFraction: validationFraction, patience: patience, timeWeightBase: timeWeightBase,
                   observe: observe, initialState: initialState)
    }

    /// The configuration of a new fit and the data it was made for (columns matched to the model).
    func makeConfiguration() throws -> (FitConfiguration, TrajectoryDataset) {
        guard let dataPath = dataOptions.data else { throw ValidationError("give the data with --data FILE (or continue a fit with --resume FIT.h5)") }
        let loaded = try DataOptions.load(path: dataPath, timePath: dataOptions.time, statePath: dataOptions.state)
        let model = try equationOptions.specification(values: modelOptions.parsedParameters(), networks: modelOptions.networkSettings(),
                                                      dataColumns: loaded.metadata.stateLabels)
            ?? units.applying(to: modelOptions.specification(for: loaded))
        let choice = try optimizerOptions.choice()
        return try request.configuration(model: model, data: loaded, source: .init(path: dataPath, timePath: dataOptions.time, statePath: dataOptions.state),
                                         strategy: choice.strategy, optimizer: choice.optimizer, schedule: optimizerOptions.parsedSchedule())
    }
}
