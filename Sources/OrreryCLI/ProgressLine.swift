import Fitting
import Foundation
import Synchronization

/// A progress line on stderr: redrawn in place on a terminal, only at milestones otherwise (a line each).
/// ``update(_:of:)`` counts finished items (quiet for the first half second, a line per 10 %); ``report(_:iterations:parameterNames:)``
/// shows a fit's iterations (about 20 lines, with the current parameter values when the model has few of them).
final class ProgressLine: Sendable {
    private let label: String
    private let interactive = isatty(STDERR_FILENO) != 0
    private let lastDecile = Mutex<Int>(-1)
    private let drewInPlace = Mutex(false)
    private let start = Date()

    init(_ label: String = "") { self.label = label }

    /// Reports `done` of `total` (thread-safe).
    func update(_ done: Int, of total: Int) {
        let seconds = Date().timeIntervalSince(start)
        guard seconds >= 0.5 else { return }
        let decile = total > 0 ? done * 10 / total : 10
        let shouldPrint = lastDecile.withLock { last -> Bool in
            guard interactive || decile > last else { return false }
            last = decile
            return true
        }
        guard shouldPrint else { return }
        show(String(format: "%@: %d/%d (%.0f%%), %.1f s", label, done, total, 100 * Double(done) / Double(max(total, 1)), seconds))
        if done == total { finish() }
    }

    /// A fit's progress (``FitProgress/line(iterations:parameterNames:)``), off a terminal only at its milestones.
    func report(_ p: FitProgress, iterations: Int, parameterNames: [String]) {
        guard interactive || p.isMilestone(of: iterations) else { return }
        show(p.line(iterations: iterations, parameterNames: parameterNames))
    }

    private func show(_ text: String) {
        FileHandle.standardError.write(Data((interactive ? "\r\u{1B}[K" + text : text + "\n").utf8))
        drewInPlace.withLock { $0 = interactive }
    }

    /// Ends a line drawn in place.
    func finish() {
        if drewInPlace.withLock({ drew in defer { drew = false }; return drew }) { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
