import ArgumentParser
import Reports

/// The `orrery` command: simulate, fit, evaluate and reproduce.
public struct OrreryCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "orrery",
        abstract: "Learn the laws of motion from trajectories.",
        version: OrreryVersion.string,
        subcommands: [GenerateCommand.self, SimulateCommand.self, PredictCommand.self, FitCommand.self, EvaluateCommand.self, GradientCommand.self, MergeCommand.self, InspectCommand.self, ReproduceCommand.self]
    )
    public init() {}
}
