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
        guard interactive || p.isMilestone(of: iterations) else { return }
        let text = p.line(iterations: iterations, parameterNames: parameterNames)
        FileHandle.standardError.write(Data((interactive ? "\r\u{1B}[K" + text : text + "\n").utf8))
        drewInPlace = interactive
    }

    /// Ends an in-place progress line.
    func finish() {
        if drewInPlace { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
