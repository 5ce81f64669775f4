import ArgumentParser
import Datasets
import Fitting
import Foundation

/// `orrery evaluate`: how well a fit reproduces data, inside and beyond its span.
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Evaluate a fit: trajectory errors (interpolation and extrapolation), parameter recovery, conserved-quantity drift.",
        discussion: """
            The fit's best parameters are integrated from each trajectory's initial state (the learned one, if the fit \
            learned initial states) with the fit's solver and tolerances. Errors on observations at t ≤ the fitted span's \
            end are interpolation, later ones extrapolation; against /state (observed) and, where present, /state_true.
            Example: orrery evaluate --fit fit.h5 --data datasets/threebody-aca-paper.h5 --markdown --plots plots/
            """
    )

    @Option(help: "The fit file (from orrery fit).") var fit: String
    @Option(help: "The data to evaluate on (default: the fit's own data file).") var data: String?
    @Option(help: "Evaluate up to this time (default: the data's last time).") var tEnd: Double?
    @Option(help: "Write SVG figures into this folder: per plotted trajectory data and model over time (one panel per body for N-body data; training, validation and test data marked; noise-free truth where known) and residuals over time, orbits for N-body data, and the training and validation loss.") var plots: String?
    @Option(help: "Trajectories to plot.") var plotCount = 3
    @Option(help: "Worker threads (default: all cores).") var threads = ProcessInfo.processInfo.activeProcessorCount
    @Flag(help: "Print JSON.") var json = false
    @Flag(help: "Print Markdown tables.") var markdown = false

    func validate() throws {
        if let tEnd { guard tEnd.isFinite else { throw ValidationError("--t-end must be finite (got \(tEnd))") } }
        guard threads > 0, plotCount >= 0 else { throw ValidationError("--threads must be positive and --plot-count ≥ 0") }
    }

    /// Bad input found while running is one line on stderr (like every other failure), not a usage dump.
    func run() throws { try reportingErrors { try execute() } }

    func execute() throws {
        let checkpoint = try FitCheckpoint.read(from: fit)
        let configuration = try FitConfiguration(jsonString: checkpoint.configurationJSON)
        let source = data.map { FitConfiguration.DataSource(path: $0, timePath: nil, statePath: nil) } ?? configuration.data
        let dataset = try DataOptions.load(path: source.path, timePath: source.timePath, statePath: source.statePath)
            .matching(configuration, file: source.path)
        let evaluation = try FitEvaluation.evaluate(checkpoint: checkpoint, dataset: dataset, tEnd: tEnd, plotTrajectories: plotCount, threads: threads)
        if let plots {
            do {
                try evaluation.writeFigures(checkpoint: checkpoint, dataset: dataset, configuration: configuration, to: URL(fileURLWithPath: plots))
            } catch {
                throw FileWriteError(path: plots, knob: "--plots", underlying: error)
            }
        }
        if json {
            try printJSON(FitEvaluationReport(command: Provenance.command, fit: fit, data: data ?? configuration.data.path,
                                              model: configuration.model.description, evaluation: evaluation))
        } else {
            print(CLIKnobNames.translate(evaluation.text(model: configuration.model.description, markdown: markdown)))
        }
    }
}
