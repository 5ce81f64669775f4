import Generation
import ArgumentParser
import Datasets
import Fitting
import Foundation

/// `orrery predict`: run a fitted model at new times, from the fitted or from new initial states.
struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Run a fitted model (any kind) at new times from the fitted or new initial states; write HDF5 (schema v1) or CSV.",
        discussion: """
            The model is rebuilt from the fit file's specification with its best parameters. Initial states: the fit's \
            data (each trajectory's /initial_state at its start time, or the learned one where the fit learned initial \
            states), or --initial-state. Solver and tolerances default to the fit's. If the fit file holds \
            /uncertainty (standard errors and correlations of the flat parameter vector, as least-squares fits write), \
            ±1σ bands are added by linearised propagation (central-difference sensitivities of the prediction, with \
            the fit's parameter correlations; initial states held at their values): \
            /uncertainty/state_std (B, N, D) in HDF5, a <label>_std column per state in CSV. The output may not be \
            the fit file or any other input.
            Example: orrery predict --fit fit.h5 --t-end 20 --samples 400 --output prediction.h5
            """
    )

    @Option(help: "The fit file (from orrery fit).") var fit: String
    @Option(help: ArgumentHelp("New initial state(s): x=…,y=… by label, a list in state order, or a CSV/HDF5 file of many (default: the fit's).", valueName: "x=…,y=…|FILE"))
    var initialState: String?
    @OptionGroup var options: SimulationOptions

    /// Bad input found while running is one line on stderr (like every other failure), not a usage dump.
    func run() throws { try reportingErrors { try execute() } }

    func execute() throws {
        let fitted = try FittedModel(reading: fit)
        let (configuration, field, parameters) = (fitted.configuration, fitted.field, fitted.parameters)
        var inputs = [fit, options.times].compactMap { $0 }
        let fromFile = initialState.map(InitialStateTable.namesFile) == true
        if fromFile { inputs.append(initialState!) }
        let dataset: TrajectoryDataset? = !fromFile
            ? try? DataOptions.load(path: configuration.data.path, timePath: configuration.data.timePath, statePath: configuration.data.statePath)
                .matching(configuration, file: configuration.data.path) : nil
        inputs.append(configuration.data.path)
        try options.refuseOverwriting(inputs)
        let labels = fitted.stateLabels(data: dataset)
        let (states, starts) = try initialStates(fitted, dataset: dataset, labels: labels)
        var request = try options.request(
            system: "prediction", labels: labels, initialStates: states, initialTimes: starts, defaultSolver: configuration.solver,
            defaultRtol: configuration.rtol, defaultAtol: configuration.atol, named: fitted.namedParameters)
        request.attributes.merge(fitted.predictionAttributes(fitFile: fit)) { $1 }
        let started = Date()
        let prediction = try request.run(field, parameters: parameters, threads: options.threads)
        let std = try fitted.uncertainty.map { try request.linearisedStandardDeviations(
            field, parameters: parameters, standardErrors: $0.standardErrors, correlation: $0.correlation, threads: options.threads) }
        try options.write(prediction, seconds: Date().timeIntervalSince(started), standardDeviations: std)
    }

    /// From --initial-state, else the fit's data (learned initial states where the fit learned them).
    func initialStates(_ fitted: FittedModel, dataset: TrajectoryDataset?, labels: [String]) throws -> ([[Double]], [Double]) {
        if let initialState { return try SimulationOptions.initialStates(initialState, labels: labels) }
        guard let dataset else { throw ValidationError("the fit's data file cannot be read; give --initial-state") }
        do { return try fitted.initialStates(data: dataset) } catch { throw ValidationError(error.message) }
    }
}
