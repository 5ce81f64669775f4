import Foundation
import Synchronization

/// The temporary files of atomic writes in progress, so they can be removed when the
/// process is interrupted (SIGINT, SIGTERM, SIGHUP) and, after a kill that no handler
/// sees (SIGKILL, power loss), by the next write to the same target.
///
/// Temporary names are `.<target>.tmp-<host>-<pid>-<random>` beside the target; one
/// whose process is gone on this host is stale.
public enum TemporaryFiles {
    private static let capacity = 64
    /// C strings of the registered paths; read by the signal handler, so fixed storage.
    nonisolated(unsafe) private static let slots: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> = {
        let slots = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: capacity)
        slots.initialize(repeating: nil, count: capacity)
        return slots
    }()
    private static let lock = Mutex<Void>(())
    private static let installed = Atomic<Bool>(false)

    /// The temporary name for a write to `target` (a path), beside it.
    static func temporaryPath(for target: URL) -> String {
        target.deletingLastPathComponent().path + "/" + prefix(for: target.lastPathComponent)
            + "\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    }

    private static func prefix(for name: String) -> String { ".\(name).tmp-\(hostName)-" }

    private static let hostName: String = {
        var buffer = [CChar](repeating: 0, count: 256)
        gethostname(&buffer, buffer.count - 1)
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.isEmpty ? "host" : name.replacingOccurrences(of: "-", with: "_")
    }()

    /// Removes temporary files of earlier writes to `target` whose process no longer runs here.
    static func removeStale(for target: URL) {
        let directory = target.deletingLastPathComponent().path
        let prefix = prefix(for: target.lastPathComponent)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for name in names where name.hasPrefix(prefix) {
            guard let pid = name.dropFirst(prefix.count).split(separator: "-").first.flatMap({ Int32($0) }), pid > 0,
                  pid != getpid(), kill(pid, 0) == -1, errno == ESRCH else { continue }
            unlink(directory + "/" + name)
        }
    }

    /// Registers a temporary file; returns its slot for ``unregister(_:)`` (nil when all slots are taken).
    static func register(_ path: String) -> Int? {
        lock.withLock { _ in
            for index in 0..<capacity where slots[index] == nil {
                slots[index] = strdup(path)
                return index
            }
            return nil
        }
    }

    /// Forgets a temporary file (renamed into place or removed).
    static func unregister(_ slot: Int?) {
        guard let slot else { return }
        lock.withLock { _ in
            let pointer = slots[slot]
            slots[slot] = nil
            free(pointer)
        }
    }

    /// Installs handlers for SIGINT, SIGTERM and SIGHUP that remove the registered temporary
    /// files and then end the process as the signal would have (idempotent). Commands with
    /// their own interrupt handling (a fit's Ctrl-C checkpoint) do not call this.
    public static func removeOnInterrupt() {
        guard !installed.exchange(true, ordering: .relaxed) else { return }
        // A parent may start us with these signals blocked (the mask is inherited); unblock them
        // on this thread so the handler can run at all.
        var signals = sigset_t()
        sigemptyset(&signals)
        for signalNumber in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&signals, signalNumber) }
        pthread_sigmask(SIG_UNBLOCK, &signals, nil)
        for signalNumber in [SIGINT, SIGTERM, SIGHUP] {
            signal(signalNumber) { number in
                for index in 0..<TemporaryFiles.capacity {
                    if let path = TemporaryFiles.slots[index] { unlink(path) }
                }
                signal(number, SIG_DFL)
                raise(number)
            }
        }
    }
}
