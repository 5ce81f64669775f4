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
