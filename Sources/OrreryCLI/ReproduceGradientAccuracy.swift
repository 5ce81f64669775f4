import ArgumentParser
import Foundation

/// `orrery reproduce gradient-accuracy`: gradient error vs integration time and the cost table of
/// Zhuang et al. 2020 (ACA, ICML), for naive backprop, the continuous adjoint and ACA.
public struct ReproduceGradientAccuracy: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "gradient-accuracy",
        abstract: "Gradient error vs integration time and cost of naive, adjoint and ACA (the ACA paper's comparison).",
        discussion: """
            Measures each method's gradient against an independent reference: a linear system dz/dt = A z \
            (exact gradient via the matrix exponential), van der Pol (finite differences of a DOP853 1e-13 \
            solve) over several end times T and tolerances, and a three-body problem with a close encounter. \
            Also measures the costs of the paper's Table 1 (function evaluations, memory held, graph depth) and \
            how they grow with the number of steps. Writes README.md, results.h5, SVGs and \
            gradient-accuracy.ipynb.
            """
    )

    @Flag(help: "Fewer end times and tolerances (finishes in seconds; for tests and smoke runs).")
    var quick = false

    @Option(help: "Directory for the report.")
    var output = "notebooks-export/gradient-accuracy"

    @Flag(help: "Print every measured row (method, problem, T, tolerance, error, costs) as JSON on stdout.")
    var json = false

    public init() {}

    static func settings(quick: Bool) -> GradientAccuracy.Settings {
        quick
            ? .init(linearTimes: [1, 4, 16], linearTolerances: [1e-4, 1e-7], vanDerPolTimes: [5, 15, 25],
                    vanDerPolTolerances: [1e-5, 1e-8], threeBodyTolerances: [1e-6, 1e-8], threeBodyObservations: 50, quick: true)
            : .init(linearTimes: [1, 2, 5, 10, 20, 50], linearTolerances: [1e-4, 1e-6, 1e-8, 1e-10],
                    vanDerPolTimes: [2, 5, 10, 15, 20, 25, 30], vanDerPolTolerances: [1e-4, 1e-6, 1e-8],
                    threeBodyTolerances: [1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9, 1e-10], threeBodyObservations: 50, quick: false)
    }

    public func run() throws {
        let results: GradientAccuracy.Results
        do {
            results = try GradientAccuracy.run(Self.settings(quick: quick)) { stage in
                FileHandle.standardError.write(Data("gradient-accuracy: \(stage)\n".utf8))
            }
            try GradientAccuracy.report(results, command: commandLine).write(to: URL(fileURLWithPath: output))
        } catch {
            FileHandle.standardError.write(Data("orrery: error: \(error)\n".utf8))
            throw ExitCode.failure
        }
        FileHandle.standardError.write(Data("gradient-accuracy: report written to \(output)\n".utf8))
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
            FileHandle.standardOutput.write(try encoder.encode(results) + Data("\n".utf8))
        }
    }

    /// The command that reproduces this run, rebuilt from the parsed options.
    var commandLine: String {
        var words = ["orrery", "reproduce", "gradient-accuracy"]
        if quick { words.append("--quick") }
        if output != "notebooks-export/gradient-accuracy" { words += ["--output", output] }
        return words.joined(separator: " ")
    }
}
