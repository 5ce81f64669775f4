import ArgumentParser
import Foundation
import Reproductions

/// The options every `orrery reproduce <experiment>` shares, and the one shell that runs any ``Reproduction``:
/// flags → the experiment's typed settings → `run` → `report` written to the output folder.
struct ReproduceOptions: ParsableArguments {
    @Flag(help: "Smoke-test settings: fewer iterations, starts and grids (finishes in seconds; for tests and smoke runs).")
    var quick = false

    @Option(help: "Directory for the report (default: notebooks-export/<experiment>).")
    var output: String?

    @Flag(help: "Print the results as JSON on stdout.")
    var json = false

    @Option(help: "Worker threads. The numbers never depend on it, only the wall time (default: all cores).")
    var threads = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "The experiment's random seed, for experiments that have one (default: the published seed).")
    var seed: UInt64?

    func validate() throws {
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1 (got \(threads)).") }
    }

    /// `R`'s published (or `--quick`) settings with `--seed` applied; an experiment without randomness refuses it.
    func settings<R: Reproduction>(_ experiment: R.Type) throws -> R.Settings {
        do { return try R.seeding(R.settings(quick: quick), with: seed) } catch {
            throw ValidationError("orrery reproduce \(R.name) has no random seed (got --seed \(seed ?? 0)); drop --seed.")
        }
    }

    /// Runs `experiment` with `settings` and writes its report; `flags` are the experiment's own options as typed,
    /// for the recorded command (threads and --json are left out: they never change the report).
    func run<R: Reproduction>(_ experiment: R.Type, _ settings: R.Settings, flags: [String] = [],
                              json: (R.Results) -> any Encodable = { $0 }) throws {
        let output = output ?? R.defaultOutput
        var words = ["orrery", "reproduce", R.name] + (quick ? ["--quick"] : []) + flags
        if let seed { words += ["--seed", String(seed)] }
        if output != R.defaultOutput { words += ["--output", output] }
        do {
            let name = R.name
            let results = try R.run(settings, threads: threads) { line in
                FileHandle.standardError.write(Data("\(name): \(line)\n".utf8))
            }
            try R.write(results, command: words.joined(separator: " "), to: URL(fileURLWithPath: output))
            FileHandle.standardError.write(Data("\(R.name): report written to \(output)\n".utf8))
            if self.json { try printJSON(json(results), escapingSlashes: true) }
        } catch {
            throw fail("\(error)", translating: false)
        }
    }
}
