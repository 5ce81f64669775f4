import Foundation

/// Helpers shared by the test targets: temporary folders, the built `orrery`
/// binary, and running Python interop scripts.
public enum TestSupport {
    /// The repository root (two levels above this file's folder).
    public static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `shared/` folder beside the repository (read-only reference material).
    public static var sharedFolder: URL { repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared") }

    /// A fresh, empty temporary directory, inside this test process's own folder
    /// (``processFolder``), which is removed when the process exits.
    public static func temporaryDirectory(_ label: String = "orrery-test") throws -> URL {
        let url = processFolder.appendingPathComponent("\(label)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// `$TMPDIR/orrery-tests-<pid>`: every ``temporaryDirectory(_:)`` of this process lies in it, and an
    /// `atexit` handler removes it, so a test run leaves nothing behind (it used to leave ~100 folders a run).
    public static let processFolder: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("orrery-tests-\(getpid())")
        try? FileManager.default.removeItem(at: url)  // a folder left by a crashed process with the same pid
        atexit { try? FileManager.default.removeItem(at: TestSupport.processFolder) }
        return url
    }()

    /// The `orrery` executable built beside the test bundle.
    public static var orreryBinary: URL {
        let products = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let beside = products.appendingPathComponent("orrery")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        // `swift test` may run the tests from inside an .xctest bundle folder.
        return products.deletingLastPathComponent().appendingPathComponent("orrery")
    }

    /// The outcome of running a process.
    public struct ProcessResult: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String
    }

    /// Runs `executable` with `arguments`, collecting its output.
    public static func run(_ executable: URL, _ arguments: [String], environment: [String: String]? = nil,
                           currentDirectory: URL? = nil) throws -> ProcessResult {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        let outPipe = Pipe(), errPipe = Pipe()
        process.standardOutput = outPipe
        process.standardError = errPipe
        try process.run()
        // Read both pipes while the process runs so neither can fill up and block it.
        nonisolated(unsafe) var errData = Data()
        let errReader = Thread { errData = errPipe.fileHandleForReading.readDataToEndOfFile() }
        errReader.start()
        let outData = outPipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !errReader.isFinished { usleep(1000) }
        return ProcessResult(status: process.terminationStatus,
                             stdout: String(decoding: outData, as: UTF8.self),
                             stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Runs `orrery` with `arguments`.
    public static func orrery(_ arguments: [String], currentDirectory: URL? = nil) throws -> ProcessResult {
        try run(orreryBinary, arguments, currentDirectory: currentDirectory)
    }

    /// The Python interpreter for interop scripts (`ORRERY_PYTHON`, else `python3` on PATH).
    public static var python: URL {
        if let path = ProcessInfo.processInfo.environment["ORRERY_PYTHON"] { return URL(fileURLWithPath: path) }
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent("python3")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return URL(fileURLWithPath: "/usr/bin/python3")
    }

    /// Runs `Tests/Interop/<script>` with Python; throws with its stderr if it fails.
    public static func runPython(_ script: String, _ arguments: [String]) throws -> String {
        let path = repositoryRoot.appendingPathComponent("Tests/Interop").appendingPathComponent(script).path
        let result = try run(python, [path] + arguments)
        guard result.status == 0 else {
            throw InteropError(message: "python \(script) exited \(result.status) (is h5py installed? `pip install h5py`): \(result.stderr)")
        }
        return result.stdout
    }

    public struct InteropError: Error, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }
}
