import Foundation
import Synchronization

/// Turns Ctrl-C (SIGINT) and SIGTERM into a flag a long loop polls, so a fit can
/// write a final checkpoint and exit cleanly instead of dying mid-write.
///
/// A second Ctrl-C exits at once (the last checkpoint on disk is intact: every
/// checkpoint is written to a temporary file and renamed).
public enum InterruptFlag {
    private static let raised = Atomic<Bool>(false)

    /// Installs the handlers (idempotent).
    public static func install() {
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber) { number in
                if InterruptFlag.raised.exchange(true, ordering: .relaxed) { _exit(128 + number) }
            }
        }
    }

    /// Whether an interrupt arrived.
    public static var isRaised: Bool { raised.load(ordering: .relaxed) }

    /// Raises the flag by hand (tests, or a caller's own stop condition).
    public static func raise() { raised.store(true, ordering: .relaxed) }

    /// Clears the flag.
    public static func reset() { raised.store(false, ordering: .relaxed) }
}
