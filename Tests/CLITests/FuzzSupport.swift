import Dispatch
import Foundation

/// Runs the `orrery` binary under a wall-clock limit with its output in files (no pipe can
/// fill up), and says how it ended.
struct FuzzRun: Sendable {
    enum Ending: Sendable, Equatable { case exited(Int32), signal(Int32), hung }
    let arguments: [String]
    let ending: Ending
    let stderr: String
    let seconds: Double

    /// Whether the run kept the failure contract: exit 0, or exit 1 with exactly one error line,
    /// the last on stderr (progress and warnings before it allowed), and no signal or hang.
    var problem: String? {
        switch ending {
        case .hung: return "hung (killed after the time limit)"
        case .signal(let number): return "ended by signal \(number)"
        case .exited(0): return nil
        case .exited(1):
            // Progress and warning lines may come first; the failure itself is one line, the last.
            let lines = stderr.split(separator: "\n")
            let errors = lines.filter { $0.hasPrefix("orrery: error: ") }
            return errors.count == 1 && lines.last == errors.first ? nil : "exit 1 without exactly one error line, last: \(stderr.suffix(600))"
        case .exited(let status): return "exit status \(status): \(stderr.prefix(600))"
        }
    }

    /// Runs `executable arguments` in `directory`, killing it after `limit` seconds.
    static func run(_ executable: URL, _ arguments: [String], in directory: URL, limit: Double = 20) throws -> FuzzRun {
        let id = UUID().uuidString.prefix(8)
        let out = directory.appendingPathComponent(".out-\(id)"), err = directory.appendingPathComponent(".err-\(id)")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: out); try? FileManager.default.removeItem(at: err) }
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        let done = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in done.signal() }
        let start = Date()
        try process.run()
        var hung = false
        if done.wait(timeout: .now() + limit) == .timedOut {
            hung = true
            kill(process.processIdentifier, SIGKILL)
            done.wait()
        }
        let stderr = String(decoding: (try? Data(contentsOf: err)) ?? Data(), as: UTF8.self)
        let ending: Ending = hung ? .hung
            : process.terminationReason == .uncaughtSignal ? .signal(process.terminationStatus) : .exited(process.terminationStatus)
        return FuzzRun(arguments: arguments, ending: ending, stderr: stderr, seconds: Date().timeIntervalSince(start))
    }
}

/// A small deterministic generator for the fuzz cases (SplitMix64).
struct FuzzRandom {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(1, n))) }
    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
    mutating func bytes(_ count: Int) -> Data { Data((0..<count).map { _ in UInt8(truncatingIfNeeded: next()) }) }
}
