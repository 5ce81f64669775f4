import Foundation
import Testing
import OrreryCLI

/// End to end: `orrery reproduce adabelief-toys --quick` writes a sane report.
@Suite("orrery reproduce adabelief-toys")
struct ReproduceAdaBeliefToysTests {
    @Test("--quick writes README, results.json and five SVGs with sane numbers")
    func quickRun() throws {
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("orrery-toys-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        var command = try OrreryCommand.parseAsRoot(
            ["reproduce", "adabelief-toys", "--quick", "--output", dir.path])
        try command.run()

        let readme = try String(contentsOf: dir.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains("orrery reproduce adabelief-toys --quick"))
        #expect(readme.contains("## Comparison with the paper"))
        for slug in ["abs", "abs-skewed", "quadratic", "beale", "rosenbrock"] {
            let svg = try String(contentsOf: dir.appendingPathComponent("\(slug).svg"), encoding: .utf8)
            #expect(svg.hasPrefix("<svg") && svg.hasSuffix("</svg>\n"))
            #expect(svg.contains("<polyline"))
            #expect(readme.contains("](\(slug).svg)"))
        }

        let json = try JSONSerialization.jsonObject(
            with: Data(contentsOf: dir.appendingPathComponent("results.json"))) as! [String: Any]
        let settings = json["settings"] as! [String: Any]
        #expect(settings["steps"] as? Int == 3_000)
        let problems = json["problems"] as! [[String: Any]]
        #expect(problems.count == 5)
        func run(_ problem: String, _ prefix: String) -> [String: Any] {
            let p = problems.first { $0["slug"] as? String == problem }!
            return (p["runs"] as! [[String: Any]]).first { ($0["optimizer"] as! String).hasPrefix(prefix) }!
        }
        // AdaBelief (paper configuration) reaches the optimum of the quadratic well within 3000 steps.
        let quadratic = run("quadratic", "AdaBelief (paper")
        let steps = try #require(quadratic["steps_to_tolerance"] as? Int)
        #expect(steps > 100 && steps < 3_000)
        #expect((quadratic["final_distance"] as! Double) < 1e-2)
        #expect((quadratic["final_loss"] as! Double) < 1e-4)
        // On |x| + |y| AdaBelief gets there fast; Adam (about lr per step, 2.5 away) needs ≥ 2490 steps.
        #expect((run("abs", "AdaBelief (paper")["steps_to_tolerance"] as? Int).map { $0 < 1_000 } == true)
        #expect((run("abs", "Adam")["steps_to_tolerance"] as? Int).map { $0 >= 2_490 } == true)
        // SGD at lr 1e-3 diverges on Rosenbrock from (−4, −4), where ‖∇f‖ ≈ 3·10⁴.
        #expect(run("rosenbrock", "SGD")["diverged_at_step"] as? Int != nil)
        // Every run records its hyperparameters.
        #expect((run("beale", "AdaBelief (0.2")["hyperparameters"] as! [String: String])["eps"] == "1e-16")
    }

    @Test("--help describes the command")
    func help() {
        let help = OrreryCommand.helpMessage(for: ReproduceAdaBeliefToys.self)
        #expect(help.contains("--quick"))
        #expect(help.contains("--json"))
        #expect(help.contains("--output"))
    }

    @Test("invalid options are refused")
    func invalid() {
        #expect(throws: (any Error).self) {
            try OrreryCommand.parseAsRoot(["reproduce", "adabelief-toys", "--steps", "0"])
        }
    }
}
