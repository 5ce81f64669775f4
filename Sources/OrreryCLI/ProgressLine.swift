import Foundation
import Synchronization

/// A progress line on stderr: redrawn in place on a terminal, one line per 10 % otherwise.
/// Quiet for the first half second, so quick runs print nothing.
final class ProgressLine: Sendable {
    private let label: String
    private let interactive: Bool
    private let lastDecile = Mutex<Int>(-1)
    private let start = Date()

    init(_ label: String) {
        self.label = label
        interactive = isatty(STDERR_FILENO) != 0
    }

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
        let text = String(format: "%@: %d/%d (%.0f%%), %.1f s", label, done, total, 100 * Double(done) / Double(max(total, 1)), seconds)
        FileHandle.standardError.write(Data((interactive ? "\r\u{1B}[K" + text + (done == total ? "\n" : "") : text + "\n").utf8))
    }
}
