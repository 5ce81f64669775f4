import Foundation
import HDF5Kit
import TestSupport
import Testing

/// Issue 11: no crash, no hang, no data loss, no silently wrong number — one test per class,
/// each running the built `orrery` binary.
@Suite("Robustness: data loss, hostile files, crashes, messages")
struct RobustnessTests {
    /// A folder with a small dataset `x.h5` (and the hostile files of `make_hostile.py` when asked).
    private func folder(hostile: Bool = false) throws -> URL {
        let directory = try TestSupport.temporaryDirectory("orrery-robust")
        let made = try TestSupport.orrery(["generate", "example", "--count", "2", "--samples", "10", "--output", "x.h5"], currentDirectory: directory)
        #expect(made.status == 0, "\(made.stderr)")
        if hostile { _ = try TestSupport.runPython("make_hostile.py", [directory.path]) }
        return directory
    }

    /// Runs orrery and checks the failure contract: exit 1 and exactly one error line, the last on stderr
    /// (progress lines such as fit's "orrery: read …" may come first), containing `expected`.
    private func expectOneLineError(_ arguments: [String], in directory: URL, _ expected: String,
                                    sourceLocation: SourceLocation = #_sourceLocation) throws {
        let run = try TestSupport.orrery(arguments, currentDirectory: directory)
        #expect(run.status == 1, "\(arguments): status \(run.status), \(run.stderr)", sourceLocation: sourceLocation)
        let lines = run.stderr.split(separator: "\n"), errors = lines.filter { $0.hasPrefix("orrery: error: ") }
        #expect(errors.count == 1 && lines.last == errors.first, "\(arguments): \(run.stderr)", sourceLocation: sourceLocation)
        #expect(run.stderr.contains(expected), "\(arguments): \(run.stderr)", sourceLocation: sourceLocation)
    }

    @Test("an output that is an input (same path, the default name, a symbolic or hard link) is refused and the input kept")
    func outputIsInput() throws {
        let directory = try folder()
        let input = directory.appendingPathComponent("x.h5")
        let before = try Data(contentsOf: input)
        try FileManager.default.createSymbolicLink(atPath: directory.appendingPathComponent("link.h5").path, withDestinationPath: "x.h5")
        #expect(link(input.path, directory.appendingPathComponent("hard.h5").path) == 0)
        try FileManager.default.copyItem(at: input, to: directory.appendingPathComponent("fit.h5"))
        let fit = ["fit", "--model", "spiral", "--iterations", "1"]
        try expectOneLineError(fit + ["--data", "x.h5", "--output", "x.h5"], in: directory, "writing it would replace the input")
        try expectOneLineError(fit + ["--data", "fit.h5"], in: directory, "--output fit.h5 is the input fit.h5")
        try expectOneLineError(fit + ["--data", "x.h5", "--output", "link.h5"], in: directory, "is the same file as the input x.h5")
        try expectOneLineError(fit + ["--data", "x.h5", "--output", "hard.h5"], in: directory, "is the same file as the input x.h5")
        try expectOneLineError(["merge", "x.h5", "--output", "x.h5"], in: directory, "(a shard)")
        try expectOneLineError(["merge", "x.h5", "--copy", "--output", "hard.h5"], in: directory, "(a shard)")
        #expect(try Data(contentsOf: input) == before)
    }

    @Test("argument errors are one line with exit 1; a negative number reaches the command's own check; --help exits 0")
    func argumentErrors() throws {
        let directory = try TestSupport.temporaryDirectory()
        try expectOneLineError(["generate", "example", "--count", "-1", "--output", "a.h5"], in: directory, "--count must be positive (got -1)")
        try expectOneLineError(["generate", "example", "--cuont", "3", "--output", "a.h5"], in: directory, "Unknown option '--cuont'")
        try expectOneLineError(["generate", "example"], in: directory, "--output")
        try expectOneLineError(["fit", "--data", "x.h5", "--schedule", "step:0:0.5"], in: directory, "whole number of steps")
        for schedule in ["exponential:-1", "exponential:nan", "cosine:nan", "step:1e30:0.5", "step:-1:0.5"] {
            try expectOneLineError(["fit", "--data", "x.h5", "--schedule", schedule], in: directory, "--schedule")
        }
        let help = try TestSupport.orrery(["generate", "--help"], currentDirectory: directory)
        #expect(help.status == 0 && help.stdout.contains("USAGE"))
    }

    @Test("sizes beyond memory, runaway fixed steps, empty shards and huge models are refused before any work")
    func hugeRequests() throws {
        let directory = try folder()
        let three = ["generate", "three-body", "--output", "y.h5"]
        try expectOneLineError(three + ["--count", "9223372036854775807"], in: directory, "--shard K/N")
        try expectOneLineError(three + ["--count", "1000000000"], in: directory, "GB in memory")
        try expectOneLineError(three + ["--samples", "100000000000"], in: directory, "GB in memory")
        try expectOneLineError(three + ["--preset", "figure-eight", "--solver", "rk4", "--dt", "1e-9"], in: directory, "raise --dt")
        try expectOneLineError(three + ["--count", "4", "--shard", "5/8"], in: directory, "holds no trajectories")
        try expectOneLineError(["fit", "--data", "x.h5", "--model", "mlp", "--hidden", "100000000", "--iterations", "1", "--output", "f.h5"],
                               in: directory, "use smaller --hidden")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("y.h5").path))
    }

    @Test("hostile and damaged files: one line, exit 1, nothing echoed from a refused layout, inputs unchanged", arguments: [
        ("huge-mismatch.h5", "/state must have shape"),
        ("huge.h5", "one read may use at most"),
        ("zero-samples.h5", "/t is empty"),
        ("virtual-self.h5", "circular"),
        ("virtual-missing.h5", "source file gone.h5 is missing"),
        ("external-storage.h5", "external raw files"),
        ("external-link.h5", "external link"),
        ("dangling-initial-state.h5", "/initial_state cannot be read"),
        ("external-parameter.h5", "/parameters/masses is an external link"),
    ])
    func hostileFiles(file: String, expected: String) throws {
        let directory = try folder(hostile: true)
        let before = try Data(contentsOf: directory.appendingPathComponent(file))
        for command in [["fit", "--data", file, "--model", "spiral", "--iterations", "1", "--output", "f.h5"],
                        ["gradient", "--data", file]] {
            let run = try TestSupport.orrery(command, currentDirectory: directory)
            #expect(run.status == 1 && run.stderr.split(separator: "\n").filter { $0.hasPrefix("orrery: error: ") }.count == 1, "\(command): \(run.stderr)")
            #expect(!run.stderr.contains("SECRET"))
        }
        try expectOneLineError(["fit", "--data", file, "--model", "spiral", "--iterations", "1", "--output", "f.h5"], in: directory, expected)
        let inspect = try TestSupport.orrery(["inspect", file], currentDirectory: directory)
        #expect(inspect.status == 0, "\(inspect.stderr)")
        #expect(try Data(contentsOf: directory.appendingPathComponent(file)) == before)
    }

    @Test("empty attributes, cycles and foreign zero-sample data neither crash nor hang; a FIFO is refused at once")
    func crashesAndHangs() throws {
        let directory = try folder(hostile: true)
        let empty = try TestSupport.orrery(["fit", "--data", "null-attribute.h5", "--model", "spiral", "--iterations", "1", "--output", "f.h5"],
                                           currentDirectory: directory)
        #expect(empty.status == 0, "\(empty.stderr)")
        #expect(try TestSupport.orrery(["inspect", "null-attribute.h5", "--json"], currentDirectory: directory).status == 0)
        let cyclic = try TestSupport.orrery(["inspect", "cyclic.h5"], currentDirectory: directory)
        #expect(cyclic.status == 0 && cyclic.stdout.contains("the same group as /, shown there"), "\(cyclic.stdout)")
        #expect(cyclic.stdout.split(separator: "\n").count < 20)
        try expectOneLineError(["fit", "--data", "zero-samples.h5", "--time", "/sim/t", "--state", "/sim/y", "--model", "mlp"],
                               in: directory, "is empty")
        #expect(mkfifo(directory.appendingPathComponent("pipe.h5").path, 0o600) == 0)
        try expectOneLineError(["inspect", "pipe.h5"], in: directory, "FIFO")
        try expectOneLineError(["fit", "--data", "pipe.h5"], in: directory, "FIFO")
        #expect(mkfifo(directory.appendingPathComponent("pipe.csv").path, 0o600) == 0)
        try expectOneLineError(["fit", "--data", "pipe.csv", "--model", "mlp"], in: directory, "FIFO")
    }

    @Test("gradient refuses masses and G ≤ 0 and non-finite results; evaluate's default end is inside the span")
    func wrongNumbers() throws {
        let directory = try TestSupport.temporaryDirectory()
        #expect(try TestSupport.orrery(["generate", "three-body", "--preset", "aca-paper", "--t-end", "2", "--samples", "30", "--output", "aca.h5"],
                                       currentDirectory: directory).status == 0)
        try expectOneLineError(["gradient", "--data", "aca.h5", "--parameters", "masses=1,-1,1"], in: directory, "masses must be positive")
        try expectOneLineError(["gradient", "--data", "aca.h5", "--parameters", "masses=1,1,1,G=0"], in: directory, "G must be positive")
        let file = try HDF5File.open(directory.appendingPathComponent("aca.h5").path, mode: .readWrite)
        let y0 = try file.root.dataset("initial_state")
        var values = try y0.read(as: Double.self).values
        values[0] = 1e308
        try y0.write(NDArray(shape: [1, 18], values: values))
        try file.close()
        try expectOneLineError(["gradient", "--data", "aca.h5"], in: directory, "not finite")

        let fit = try TestSupport.orrery(["fit", "--data", "aca.h5", "--iterations", "1", "--output", "fit.h5"], currentDirectory: directory)
        #expect(fit.status == 1)  // the same 1e308 start diverges: an error, not a number
        #expect(try TestSupport.orrery(["generate", "three-body", "--preset", "aca-paper", "--t-end", "14.751256", "--samples", "7",
                                        "--output", "b.h5"], currentDirectory: directory).status == 0)
        #expect(try TestSupport.orrery(["fit", "--data", "b.h5", "--iterations", "1", "--output", "fit.h5"], currentDirectory: directory).status == 0)
        let evaluate = try TestSupport.orrery(["evaluate", "--fit", "fit.h5"], currentDirectory: directory)
        #expect(evaluate.status == 0, "\(evaluate.stderr)")
    }

    @Test("a preset with fixed initial conditions writes one trajectory by default; random keeps 16")
    func presetDefaultCount() throws {
        let directory = try TestSupport.temporaryDirectory()
        let eight = try TestSupport.orrery(["generate", "three-body", "--preset", "figure-eight", "--samples", "5", "--output", "e.h5", "--json"],
                                           currentDirectory: directory)
        #expect(eight.status == 0 && eight.stdout.contains("\"trajectories\" : 1"), "\(eight.stdout)")
        let random = try TestSupport.orrery(["generate", "three-body", "--t-end", "0.5", "--samples", "3", "--output", "r.h5", "--json"],
                                            currentDirectory: directory)
        #expect(random.stdout.contains("\"trajectories\" : 16"), "\(random.stdout)")
    }

    @Test("Ctrl-C (SIGINT) while generate writes removes its temporary file and leaves no target")
    func interruptedWrite() throws {
        let directory = try TestSupport.temporaryDirectory()
        let process = Process()
        process.executableURL = TestSupport.orreryBinary
        process.arguments = ["generate", "example", "--count", "8000", "--samples", "500", "--output", "big.h5"]
        process.currentDirectoryURL = directory
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        func temporaryFiles() -> [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter { $0.hasPrefix(".big.h5.tmp-") }
        }
        var sawTemporary = false
        for _ in 0..<600 where process.isRunning {
            if !temporaryFiles().isEmpty { sawTemporary = true; break }
            usleep(20_000)
        }
        process.interrupt()
        process.waitUntilExit()
        #expect(sawTemporary, "the write finished before the interrupt; nothing was tested")
        if sawTemporary {
            #expect(process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGINT)
            #expect(temporaryFiles().isEmpty)
            #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("big.h5").path))
        }
    }
}
