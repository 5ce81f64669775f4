import ArgumentParser
import Datasets
import Evaluation
import Fitting
import Foundation
import Reports

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

    func run() throws {
        let (checkpoint, configuration, dataset) = try reportingErrors { () throws -> (FitCheckpoint, FitConfiguration, TrajectoryDataset) in
            let checkpoint = try FitCheckpoint.read(from: fit)
            let configuration = try FitConfiguration(jsonString: checkpoint.configurationJSON)
            let source = data.map { FitConfiguration.DataSource(path: $0, timePath: nil, statePath: nil) } ?? configuration.data
            let dataset = try DataOptions.load(path: source.path, timePath: source.timePath, statePath: source.statePath)
                .matching(configuration, file: source.path)
            return (checkpoint, configuration, dataset)
        }
        let evaluation = try reportingErrors {
            try FitEvaluation.evaluate(checkpoint: checkpoint, dataset: dataset, tEnd: tEnd, plotTrajectories: plotCount, threads: threads)
        }
        if let plots {
            try reportingErrors {
                do { try writePlots(evaluation, checkpoint: checkpoint, dataset: dataset, configuration: configuration, to: plots) } catch {
                    throw FileWriteError(path: plots, flag: "--plots", underlying: error)
                }
            }
        }
        if json {
            try printJSON(EvaluateReport(command: Provenance.command, fit: fit, data: data ?? configuration.data.path,
                                         model: configuration.model.description, evaluation: evaluation))
        } else {
            print(EvaluationText(evaluation: evaluation, model: configuration.model.description).render(markdown: markdown))
        }
    }

    private func writePlots(_ evaluation: FitEvaluation, checkpoint: FitCheckpoint, dataset: TrajectoryDataset,
                            configuration: FitConfiguration, to folder: String) throws {
        let directory = URL(fileURLWithPath: folder)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let d = dataset.stateDimension
        func write(_ svg: String, _ name: String) throws { try Data(svg.utf8).write(to: directory.appendingPathComponent(name), options: .atomic) }
        let labels = (0..<d).map { $0 < dataset.metadata.stateLabels.count ? dataset.metadata.stateLabels[$0] : "y\($0)" }
        let windows = FitFigures.Windows(fitEnd: evaluation.fitEnd,
                                         validateUntil: configuration.trainUntil == nil ? nil : configuration.validateUntil)
        for plot in evaluation.plotData {
            let figure = plot.figureData
            try write(FitFigures.trajectory(figure, components: evaluation.components, labels: labels, windows: windows),
                      "trajectory-\(plot.index).svg")
            try write(FitFigures.residuals(figure, components: evaluation.components, labels: labels, windows: windows),
                      "residuals-\(plot.index).svg")
            if d % 6 == 0 {
                try write(TrajectoryPlots.orbits(title: "Trajectory \(plot.index): orbits in the x–y plane", observed: plot.observed,
                                                 predicted: plot.predicted, bodies: d / 6, dimension: d, windows: plot.windows),
                          "orbits-\(plot.index).svg")
            }
        }
        try write(TrajectoryPlots.lossHistory(title: "Loss history", loss: checkpoint.history.loss,
                                              validation: checkpoint.history.validationLoss), "loss.svg")
    }
}

/// The JSON of `orrery evaluate`.
struct EvaluateReport: Encodable {
    let command: String
    let fit: String
    let data: String
    let model: String
    let evaluation: FitEvaluation
}

/// Text and Markdown renderings of an evaluation.
struct EvaluationText {
    let evaluation: FitEvaluation
    let model: String

    func render(markdown: Bool) -> String {
        var out = "Model: \(model)\nFit status: \(evaluation.status)\(evaluation.statusReason.isEmpty ? "" : " (\(evaluation.statusReason))")\n"
        out += "Components \(evaluation.labels.joined(separator: ", "))\n"
        if let w = evaluation.windows {
            out += "Windows: training t ≤ \(Table.format(w.trainingEnd))"
            if let v = w.validationEnd { out += "; validation (\(Table.format(w.trainingEnd)), \(Table.format(v))]" }
            if !w.validationTrajectories.isEmpty { out += "; validation trajectories \(w.validationTrajectories.map(String.init).joined(separator: ", "))" }
            out += "; test t > \(Table.format(w.testStart)) (never used for any choice). Parameters chosen on the \(w.selection).\n"
            out += "Interpolation errors are over the training window, extrapolation errors over everything after it.\n"
        }
        out += "\n"
        let shown = evaluation.fittedParameters.filter { $0.values.count <= 12 }
        if !shown.isEmpty {
            var names: [String] = [], values: [Double] = [], errors: [Double] = []
            for p in shown {
                for (i, value) in p.values.enumerated() {
                    names.append(p.values.count == 1 ? p.name : "\(p.name)[\(i)]")
                    values.append(value)
                    errors.append(p.standardErrors?[i] ?? .nan)
                }
            }
            out += Table(name: "fitted parameters", headers: ["parameter", "value", "standard error"],
                         columns: [.text(names), .numbers(values), .numbers(errors)]).markdown(significant: 8) + "\n"
            if let c = evaluation.conditionNumber { out += "Standard errors: Gauss–Newton covariance at the optimum; Jacobian condition number \(Table.format(c)).\n\n" }
        }
        func row(_ name: String, _ m: ErrorMetrics?) -> [String] {
            guard let m else { return [name, "—", "—", "—", "—", "—"] }
            return [name, String(m.count), Table.format(m.mse), Table.format(m.rmse), Table.format(m.relativeL2), Table.format(m.maxError)]
        }
        let rows = [row("interpolation", evaluation.interpolation), row("extrapolation", evaluation.extrapolation),
                    row("interpolation (vs noise-free)", evaluation.interpolationTrue), row("extrapolation (vs noise-free)", evaluation.extrapolationTrue)]
        let headers = ["span", "entries", "MSE", "RMSE", "relative L2", "max error"]
        out += Table(name: "errors", headers: headers, columns: headers.indices.map { c in .text(rows.map { $0[c] }) }).markdown() + "\n"
        if !evaluation.parameters.isEmpty {
            let names = evaluation.parameters.flatMap { p in p.fitted.indices.map { p.fitted.count == 1 ? p.name : "\(p.name)[\($0)]" } }
            out += Table(name: "parameters", headers: ["parameter", "fitted", "true", "relative error"], columns: [
                .text(names), .numbers(evaluation.parameters.flatMap(\.fitted)), .numbers(evaluation.parameters.flatMap(\.truth)),
                .numbers(evaluation.parameters.flatMap(\.relativeError)),
            ]).markdown(significant: 8) + "\n"
        }
        let perTrajectory = evaluation.trajectories.prefix(20)
        var headersT = ["trajectory", "interp. RMSE", "extrap. RMSE"]
        var columns: [Table.Column] = [.text(perTrajectory.map { String($0.index) }), .numbers(perTrajectory.map(\.interpolation.rmse)),
                                       .numbers(perTrajectory.map(\.extrapolation.rmse))]
        if perTrajectory.first?.relativeEnergyDrift != nil {
            headersT += ["energy drift", "momentum drift"]
            columns += [.numbers(perTrajectory.map { $0.relativeEnergyDrift ?? .nan }), .numbers(perTrajectory.map { $0.momentumDrift ?? .nan })]
        }
        out += Table(name: "trajectories", headers: headersT, columns: columns).markdown()
        if evaluation.trajectories.count > 20 { out += "(\(evaluation.trajectories.count - 20) more trajectories in --json)\n" }
        out += "\nFunction evaluations: \(evaluation.functionEvaluations)\n"
        return markdown ? out : out.replacingOccurrences(of: "| --- ", with: "|-----").replacingOccurrences(of: "| ---: ", with: "|-----")
    }
}
