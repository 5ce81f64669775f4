import ArgumentParser
import Foundation
import Optimizers

/// `orrery reproduce adabelief-toys`: the 2-D illustrations of Zhuang et al. 2020 (AdaBelief, Fig. 3).
public struct ReproduceAdaBeliefToys: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "adabelief-toys",
        abstract: "AdaBelief vs Adam vs SGD with momentum on the AdaBelief paper's 2-D toy functions.",
        discussion: """
            Runs each optimizer at the same learning rate from the paper's starting points and reports the \
            steps needed to come within the tolerance of the optimum, the final distance and an SVG of the \
            paths over the contours. Writes README.md, results.h5, adabelief-toys.ipynb (redraws the figures \
            from results.h5), results.json and one SVG per function.
            """
    )

    @Flag(help: "Fewer steps and a coarser contour grid (for tests and smoke runs).")
    var quick = false

    @Option(help: "Directory for the report.")
    var output = "notebooks-export/adabelief-toys"

    @Flag(help: "Print the final points and losses as JSON on stdout.")
    var json = false

    @Option(help: "Steps per optimizer (default 20000, or 3000 with --quick).")
    var steps: Int?

    @Option(help: "Learning rate shared by all optimizers.")
    var learningRate = 1e-3

    @Option(help: "Distance to the optimum that counts as reached.")
    var tolerance = 1e-2

    public init() {}

    public mutating func validate() throws {
        if let steps, steps < 1 { throw ValidationError("--steps must be at least 1 (got \(steps)).") }
        guard learningRate > 0, learningRate.isFinite else {
            throw ValidationError("--learning-rate must be positive (got \(learningRate)).")
        }
        guard tolerance > 0 else { throw ValidationError("--tolerance must be positive (got \(tolerance)).") }
    }

    public func run() throws {
        let settings = AdaBeliefToys.Settings(
            steps: steps ?? (quick ? 3_000 : 20_000), learningRate: learningRate, tolerance: tolerance,
            contourGrid: quick ? 60 : 80, quick: quick)
        let results: AdaBeliefToys.Results
        do {
            results = try AdaBeliefToys.run(settings)
            try AdaBeliefToys.writeReport(results, to: URL(fileURLWithPath: output), command: commandLine)
        } catch {
            FileHandle.standardError.write(Data("orrery: error: \(error)\n".utf8))
            throw ExitCode.failure
        }
        FileHandle.standardError.write(Data("adabelief-toys: report written to \(output)\n".utf8))
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            encoder.nonConformingFloatEncodingStrategy = .convertToString(
                positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
            FileHandle.standardOutput.write(try encoder.encode(results.finalSummary) + Data("\n".utf8))
        }
    }

    /// The command that reproduces this run, rebuilt from the parsed options (not from the process's
    /// arguments, which under `swift test` are the test runner's).
    var commandLine: String {
        var words = ["orrery", "reproduce", "adabelief-toys"]
        if quick { words.append("--quick") }
        if let steps { words += ["--steps", String(steps)] }
        if learningRate != 1e-3 { words += ["--learning-rate", "\(learningRate)"] }
        if tolerance != 1e-2 { words += ["--tolerance", "\(tolerance)"] }
        if output != "notebooks-export/adabelief-toys" { words += ["--output", output] }
        if json { words.append("--json") }
        return words.joined(separator: " ")
    }
}
