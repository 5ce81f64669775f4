import Foundation
import OrreryCLI
import TestSupport
import Testing

/// The thin shell over the Reproductions library: each `orrery reproduce <experiment>` still works end to end
/// (the experiments themselves are tested in ReproductionsTests).
@Suite("orrery reproduce <experiment>")
struct ReproduceCommandTests {
    /// Smallest runs of each command and a file its report must contain.
    static let runs: [([String], String)] = [
        (["aca-three-body", "--quick", "--starts", "1"], "mass-error-by-start.svg"),
        (["adabelief-toys", "--quick", "--steps", "100"], "results.json"),
        (["gradient-accuracy", "--quick"], "three-body-error-vs-tolerance.svg"),
        (["mass-recovery", "--quick", "--seed", "11"], "mass-error.svg"),
        (["time-series", "--quick", "--threads", "1"], "spiral-loss.svg"),
    ]

    @Test("the binary writes the report, records the command (without --threads and --json) and prints JSON", arguments: runs)
    func endToEnd(_ arguments: [String], _ file: String) throws {
        let dir = try TestSupport.temporaryDirectory("orrery-reproduce")
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try TestSupport.orrery(["reproduce"] + arguments + ["--output", dir.path, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let files = Set(try FileManager.default.contentsOfDirectory(atPath: dir.path))
        for name in ["README.md", "results.h5", "\(arguments[0]).ipynb", file] { #expect(files.contains(name), "\(name): \(files.sorted())") }
        let readme = try String(contentsOf: dir.appendingPathComponent("README.md"), encoding: .utf8)
        var typed = arguments
        if let k = typed.firstIndex(of: "--threads") { typed.removeSubrange(k...(k + 1)) }
        let recorded = (["orrery", "reproduce"] + typed + ["--output", dir.path]).joined(separator: " ")
        #expect(readme.contains("```sh\n\(recorded)\n```"), "\(recorded)")
        #expect(result.stderr.contains("\(arguments[0]): report written to \(dir.path)"))
        #expect((try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))) != nil, "not JSON: \(result.stdout.prefix(200))")
    }

    @Test("every experiment shares the options of the reproduce shell", arguments: ["aca-three-body", "adabelief-toys", "gradient-accuracy", "mass-recovery", "time-series"])
    func sharedOptions(_ name: String) throws {
        let help = try TestSupport.orrery(["reproduce", name, "--help"]).stdout
        for option in ["--quick", "--output", "--json", "--threads", "--seed"] { #expect(help.contains(option), "\(name): \(option)") }
    }

    @Test("invalid options are refused with the knob named", arguments: [
        (["adabelief-toys", "--steps", "0"], "--steps"), (["adabelief-toys", "--seed", "3"], "--seed"),
        (["gradient-accuracy", "--seed", "3"], "--seed"), (["aca-three-body", "--starts", "0"], "--starts"),
        (["mass-recovery", "--threads", "0"], "--threads"),
    ])
    func invalid(_ arguments: [String], _ knob: String) {
        #expect { try OrreryCommand.parseAsRoot(["reproduce"] + arguments) } throws: { error in
            OrreryCommand.message(for: error).contains(knob)
        }
    }
}
