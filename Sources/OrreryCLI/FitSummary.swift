import Datasets
import Fitting
import Foundation

/// Progress of a fit on stderr: redrawn in place on a terminal, about 20 lines otherwise.
final class FitProgressReporter: @unchecked Sendable {
    private let iterations: Int
    private let interactive = isatty(STDERR_FILENO) != 0
    private var lastPrinted = -1

    init(iterations: Int) { self.iterations = iterations }

    func report(_ p: FitProgress) {
        let every = max(1, iterations / 20)
        guard interactive || p.iteration % every == 0 || p.iteration == p.iterations || p.iteration == 1 else { return }
        let validation = p.validationLoss.isNaN ? "" : String(format: ", validation %.4e", p.validationLoss)
        let text = String(format: "iteration %d/%d: loss %.4e%@, %d evaluations, %.1f s", p.iteration, p.iterations, p.loss,
                          validation, p.functionEvaluations, p.seconds)
        FileHandle.standardError.write(Data((interactive ? "\r\u{1B}[K" + text + (p.iteration == p.iterations ? "\n" : "") : text + "\n").utf8))
        lastPrinted = p.iteration
    }
}

/// What `orrery fit` prints at the end.
struct FitSummary: Encodable {
    struct Parameter: Encodable {
        let name: String
        let values: [Double]
        let truth: [Double]?
        let relativeError: [Double]?
    }

    let output: String
    let status: String
    let iterations: Int
    let finalLoss: Double
    let bestValidationLoss: Double
    let bestIteration: Int
    let parameters: [Parameter]
    let functionEvaluations: Double
    let seconds: Double

    init(result: FitCheckpoint, dataset: TrajectoryDataset, configuration: FitConfiguration, output: String, seconds: Double) {
        self.output = output
        status = result.status
        iterations = result.iteration
        finalLoss = result.history.loss.last ?? .nan
        bestValidationLoss = result.bestValidationLoss
        bestIteration = result.bestIteration
        parameters = result.blocks.filter { $0.range.count <= 64 }.map { block in
            let values = Array(result.bestParameters[block.range])
            let truth = FitSummary.truth(named: block.name, count: values.count, in: dataset)
            let error = truth.map { t in zip(values, t).map { abs($0 - $1) / max(abs($1), 1e-300) } }
            return Parameter(name: block.name, values: values, truth: truth, relativeError: error)
        }
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
        var lines = ["\(status) after \(iterations) iterations in \(String(format: "%.1f", seconds)) s: loss \(String(format: "%.4e", finalLoss)), best validation loss \(String(format: "%.4e", bestValidationLoss)) at iteration \(bestIteration)"]
        for p in parameters {
            guard p.values.count <= 12 else { lines.append("  \(p.name): \(p.values.count) values"); continue }
            var line = "  \(p.name) = \(p.values.map { String(format: "%.8g", $0) }.joined(separator: ", "))"
            if let truth = p.truth, let error = p.relativeError {
                line += "  (true \(truth.map { String(format: "%.8g", $0) }.joined(separator: ", ")); max relative error \(String(format: "%.2e", error.max() ?? 0)))"
            }
            lines.append(line)
        }
        lines.append("wrote \(output)")
        return lines.joined(separator: "\n")
    }
}
