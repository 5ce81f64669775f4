import ArgumentParser
import Reproductions

/// `orrery reproduce <experiment>`: re-runs a published experiment and writes its report under
/// `notebooks-export/<experiment>/`. One subcommand per experiment; add new ones to `subcommands`.
public struct ReproduceCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "reproduce",
        abstract: "Re-run a published experiment and write its report.",
        subcommands: [
            ReproduceACAThreeBody.self,
            ReproduceAdaBeliefToys.self,
            ReproduceShell<GradientAccuracy>.self,
            ReproduceIndex.self,
            ReproduceShell<MassRecovery>.self,
            ReproduceShell<TimeSeriesExperiment>.self,
        ]
    )
    public init() {}
}
