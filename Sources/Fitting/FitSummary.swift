import Datasets
import Foundation

/// The end of a fit in a few lines: status and why, the loss, the chosen parameters with their
/// standard errors (Gauss–Newton, see ``FitUncertainty``) and, where the data file records them,
/// the true values. What `orrery fit` prints at the end (``text``, or this encoded as JSON).
public struct FitSummary: Encodable, Sendable {
    /// One parameter block (blocks of more than 64 values are left out).
    public struct Parameter: Encodable, Sendable {
        public let name: String
        public let values: [Double]
        public let standardErrors: [Double]?
        public let truth: [Double]?
        public let relativeError: [Double]?
    }

    public let output: String
    /// converged | max-iterations | stalled | diverged (see FitStatus).
    public let status: String
    public let statusReason: String
    public let converged: Bool
    public let optimizer: String
    public let iterations: Int
    public let finalLoss: Double
    /// The loss that chose the reported parameters: "validation loss" or "training loss (no validation data)".
    public let selection: String
    public let bestLoss: Double
    public let bestIteration: Int
    public let parameters: [Parameter]
    public let conditionNumber: Double?
    public let correlation: [Double]?
    public let warnings: [String]
    public let functionEvaluations: Double
    public let seconds: Double

    /// The summary of a finished fit: `result` is its final checkpoint, `dataset` the data it was
    /// fitted to (for true parameter values), `output` the fit file's path, `seconds` the wall time.
    public init(result: FitCheckpoint, dataset: TrajectoryDataset, configuration: FitConfiguration, output: String, seconds: Double) {
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
    public static func truth(named name: String, count: Int, in dataset: TrajectoryDataset) -> [Double]? {
        guard let values = dataset.parameters[name], values.count % max(1, dataset.trajectoryCount) == 0 else { return nil }
        let width = values.count / max(1, dataset.trajectoryCount)
        guard width == count else { return nil }
        let first = Array(values.values.prefix(width))
        for row in 0..<dataset.trajectoryCount where Array(values.values[(row * width)..<((row + 1) * width)]) != first { return nil }
        return first
    }

    /// The plain-text summary.
    public var text: String {
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
