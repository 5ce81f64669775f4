import Datasets
import Fitting
import Foundation

/// Progress of a fit on stderr: redrawn in place on a terminal, about 20 lines otherwise; with
/// the current parameter values when the model has few of them.
final class FitProgressReporter: @unchecked Sendable {
    private let iterations: Int
    private let parameterNames: [String]
    private let interactive = isatty(STDERR_FILENO) != 0
    private var drewInPlace = false

    init(iterations: Int, parameterNames: [String]) {
        self.iterations = iterations
        self.parameterNames = parameterNames
    }

    func report(_ p: FitProgress) {
        let every = max(1, iterations / 20)
        guard interactive || p.iteration % every == 0 || p.iteration == 1 || p.iteration == iterations else { return }
        let validation = p.validationLoss.isNaN ? "" : String(format: ", validation %.4e", p.validationLoss)
        var text = String(format: "%@ iteration %d/%d: loss %.6e%@, %d evaluations, %.1f s", p.phase, p.iteration, iterations, p.loss,
                          validation, p.functionEvaluations, p.seconds)
        if let values = p.parameters, values.count <= parameterNames.count, !values.isEmpty {
            text += "; " + zip(parameterNames, values).map { "\($0) \(String(format: "%.6g", $1))" }.joined(separator: ", ")
        }
        FileHandle.standardError.write(Data((interactive ? "\r\u{1B}[K" + text : text + "\n").utf8))
        drewInPlace = interactive
    }

    /// Ends an in-place progress line.
    func finish() {
        if drewInPlace { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}

/// What `orrery fit` prints at the end (text, or JSON with `--json`).
struct FitSummary: Encodable {
    struct Parameter: Encodable {
        let name: String
        let values: [Double]
        let standardErrors: [Double]?
        let truth: [Double]?
        let relativeError: [Double]?
    }

    let output: String
    /// converged | max-iterations | stalled | diverged (see FitStatus).
    let status: String
    let statusReason: String
    let converged: Bool
    let optimizer: String
    let iterations: Int
    let finalLoss: Double
    /// The loss that chose the reported parameters: "validation loss" or "training loss (no validation data)".
    let selection: String
    let bestLoss: Double
    let bestIteration: Int
    let parameters: [Parameter]
    let conditionNumber: Double?
    let correlation: [Double]?
    let warnings: [String]
    let functionEvaluations: Double
    let seconds: Double

    init(result: FitCheckpoint, dataset: TrajectoryDataset, configuration: FitConfiguration, output: String, seconds: Double) {
        self.output = output
        status = result.status
        statusReason = result.attributes["status_reason"]?.stringValue ?? ""
        converged = result.status == "converged"
        optimizer = result.attributes["optimizer_strategy"]?.stringValue ?? configuration.optimizer.optimizerName
        iterations = result.iteration
        finalLoss = result.history.loss.last ?? .nan
        selection = result.attributes["selection"]?.stringValue ?? "validation loss"
        bestLoss = result.bestValidationLoss
        bestIteration = result.bestIteration
        let uncertainty = result.uncertainty
        parameters = result.blocks.filter { $0.range.count <= 64 }.map { block in
            let values = Array(result.bestParameters[block.range])
            let truth = FitSummary.truth(named: block.name, count: values.count, in: dataset)
            let error = truth.map { t in zip(values, t).map { abs($0 - $1) / max(abs($1), 1e-300) } }
            return Parameter(name: block.name, values: values, standardErrors: uncertainty.map { Array($0.standardErrors[block.range]) },
                             truth: truth, relativeError: error)
        }
        conditionNumber = uncertainty?.conditionNumber
        correlation = uncertainty.flatMap { $0.standardErrors.count <= 12 ? $0.correlation : nil }
        warnings = {
            switch result.attributes["warnings"] {
            case .strings(let list): list
            case .string(let one): [one]
            default: []
            }
        }()
        functionEvaluations = result.history.functionEvaluations.reduce(0, +)
        self.seconds = seconds
    }

    /// The data file's true values of a parameter, when every trajectory shares them.
    static func truth(named name: String, count: Int, in dataset: TrajectoryDataset) -> [Double]? {
        guard let values = dataset.parameters[name], values.count % max(1, dataset.trajectoryCount) == 0 else { return nil }
        let width = values.count / max(1, dataset.trajectoryCount)
        guard width == count else { return nil }
        let first = Array(values.values.prefix(width))
        for row in 0..<dataset.trajectoryCount where Array(values.values[(row * width)..<((row + 1) * width)]) != first { return nil }
        return first
    }

    var text: String {
        let verdict = converged ? "converged" : "NOT converged (\(status))"
        var lines = ["\(verdict) after \(iterations) iterations of \(optimizer) in \(String(format: "%.2f", seconds)) s: \(statusReason)",
                     "loss \(String(format: "%.6e", finalLoss)); parameters chosen on the \(selection) (\(String(format: "%.6e", bestLoss)) at iteration \(bestIteration))"]
        for p in parameters {
            guard p.values.count <= 12 else { lines.append("  \(p.name): \(p.values.count) values"); continue }
            let shown = p.values.indices.map { i -> String in
                let value = String(format: "%.8g", p.values[i])
                guard let se = p.standardErrors?[i], se.isFinite else { return value }
                return value + " ± " + String(format: "%.2g", se)
            }
            var line = "  \(p.name) = \(shown.joined(separator: ", "))"
            if let truth = p.truth, let error = p.relativeError {
                line += "  (true \(truth.map { String(format: "%.8g", $0) }.joined(separator: ", ")); max relative error \(String(format: "%.2e", error.max() ?? 0)))"
            }
            lines.append(line)
        }
        if let conditionNumber { lines.append("  (± one standard error, Gauss–Newton; Jacobian condition number \(String(format: "%.3g", conditionNumber)))") }
        lines.append("wrote \(output)")
        return lines.joined(separator: "\n")
    }
}
