import ArgumentParser
import Datasets
import Fitting
import Foundation
import Models
import ODE
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
    @Option(help: "Adaptive solver: \(ButcherTableau.adaptiveNames), or alf (the asynchronous leapfrog, for --method mali).") var solver = "dopri5"
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

    func validate() throws {
        guard model == "three-body" else { throw ValidationError("unknown --model \(model); available: three-body") }
        try flagged { try request.validate() }
        if !equationOptions.isGiven { _ = try parsedParameters() }
    }

    /// The flags as the library's request (the methods, solver, observation and mode by name).
    var request: GradientRequest {
        GradientRequest(method: method, solver: solver, rtol: rtol, atol: atol, adjointRtol: adjointRtol, adjointAtol: adjointAtol,
                        observe: observe, observationMode: observationMode, trajectory: trajectory, threads: threads, repeat: `repeat`)
    }

    /// `masses=1,1,1,G=1` → the masses and G that override the file's.
    func parsedParameters() throws -> (masses: [Double]?, G: Double?) {
        guard let parameters else { return (nil, nil) }
        return try flagged { try GradientStudy<NBodyGravity>.threeBodyOverrides(BuiltInModel.parseValues(parameters)) }
    }

    func run() throws {
        try reportingErrors {
            if equationOptions.isGiven { return try runEquations() }
            let given = try parsedParameters()
            let report = try request.threeBodyReport(dataset: TrajectoryDataset.read(from: data), file: data, masses: given.masses, G: given.G,
                                                     check: check, command: Provenance.command)
            if json { try printJSON(report) } else { print(report.text) }
        }
    }

    /// `--equations '…'` / `--model-file FILE`: the same gradients (and `--check`) for an equation model, its states
    /// matched to the data's columns by name, its parameters named as in the equations.
    func runEquations() throws {
        let values = try EquationModelOptions.scalarValues(parameters)
        let networks = try flagged { try NetworkSettings(parsingWidths: hidden, activation: activation) }
        guard let specification = try equationOptions.specification(values: values, networks: networks) else { return }
        let dataset = try DataOptions.load(path: data, timePath: nil, statePath: nil).matching(specification, file: data)
        let report = try request.equationReport(specification: specification, dataset: dataset, file: data, check: check, command: Provenance.command)
        if json { try printJSON(report) } else { print(report.text) }
    }
}
