import ArgumentParser
import Reproductions

/// `orrery reproduce adabelief-toys`: the 2-D illustrations of Zhuang et al. 2020 (AdaBelief, Fig. 3).
public struct ReproduceAdaBeliefToys: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "adabelief-toys",
        abstract: "AdaBelief vs Adam vs SGD with momentum on the AdaBelief paper's 2-D toy functions.",
        discussion: """
            Runs each optimizer at the same learning rate from the paper's starting points and reports the \
            steps needed to come within the tolerance of the optimum, the final distance and an SVG of the \
            paths over the contours. Writes README.md, results.h5, adabelief-toys.ipynb (redraws the figures \
            from results.h5), results.json and one SVG per function. --json prints the final points and losses.
            """
    )

    @OptionGroup var options: ReproduceOptions

    @Option(help: "Steps per optimizer (default 20000, or 3000 with --quick).")
    var steps: Int?

    @Option(help: "Learning rate shared by all optimizers.")
    var learningRate = 1e-3

    @Option(help: "Distance to the optimum that counts as reached.")
    var tolerance = 1e-2

    public init() {}

    public func validate() throws {
        try options.refuseSeed(AdaBeliefToys.name)
        if let steps, steps < 1 { throw ValidationError("--steps must be at least 1 (got \(steps)).") }
        guard learningRate > 0, learningRate.isFinite else {
            throw ValidationError("--learning-rate must be positive (got \(learningRate)).")
        }
        guard tolerance > 0 else { throw ValidationError("--tolerance must be positive (got \(tolerance)).") }
    }

    public func run() throws {
        var settings = AdaBeliefToys.settings(quick: options.quick)
        if let steps { settings.steps = steps }
        settings.learningRate = learningRate
        settings.tolerance = tolerance
        var flags: [String] = []
        if let steps { flags += ["--steps", String(steps)] }
        if learningRate != 1e-3 { flags += ["--learning-rate", "\(learningRate)"] }
        if tolerance != 1e-2 { flags += ["--tolerance", "\(tolerance)"] }
        try options.run(AdaBeliefToys.self, settings, flags: flags) { $0.finalSummary }
    }
}
