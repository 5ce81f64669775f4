import ArgumentParser
import Reproductions

/// `orrery reproduce adabelief-toys`: the 2-D illustrations of Zhuang et al. 2020 (AdaBelief, Fig. 3).
public struct ReproduceAdaBeliefToys: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "adabelief-toys",
        abstract: AdaBeliefToys.abstract,
        discussion: AdaBeliefToys.discussion
    )

    @OptionGroup var options: ReproduceOptions

    @Option(help: "Steps per optimizer (default 20000, or 3000 with --quick).")
    var steps: Int?

    @Option(help: "Learning rate shared by all optimizers.")
    var learningRate = 1e-3

    @Option(help: "Distance to the optimum that counts as reached.")
    var tolerance = 1e-2

    public init() {}

    public func validate() throws { try flagged { try settings().validate() } }

    public func run() throws {
        var flags: [String] = []
        if let steps { flags += ["--steps", String(steps)] }
        if learningRate != 1e-3 { flags += ["--learning-rate", "\(learningRate)"] }
        if tolerance != 1e-2 { flags += ["--tolerance", "\(tolerance)"] }
        try options.run(AdaBeliefToys.self, try settings(), flags: flags) { $0.finalSummary }
    }

    /// The published (or `--quick`) settings with `--steps`, `--learning-rate` and `--tolerance`.
    func settings() throws -> AdaBeliefToys.Settings {
        var settings = try options.settings(AdaBeliefToys.self)
        if let steps { settings.steps = steps }
        settings.learningRate = learningRate
        settings.tolerance = tolerance
        return settings
    }
}
