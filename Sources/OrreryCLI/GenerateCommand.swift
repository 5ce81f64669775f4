import ArgumentParser
import Datasets
import HDF5Kit
import Foundation

/// `orrery generate …`: synthetic datasets in schema v1.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generate synthetic trajectory datasets (HDF5, schema v1).",
        subcommands: [GenerateThreeBodyCommand.self, GenerateTimeSeriesCommand.self, GenerateExampleCommand.self]
    )
}

/// `orrery generate example`: the exact damped spiral, irregularly sampled.
struct GenerateExampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "example",
        abstract: "A small spiral dataset from the exact solution of dz/dt = A z (no solver needed).",
        discussion: "A = [[-0.1, 2], [-2, -0.1]]; times are sorted uniform draws in [0, t-end] per trajectory."
    )

    @Option(help: "Number of trajectories.") var count = 4
    @Option(help: "Samples per trajectory.") var samples = 50
    @Option(help: "End of the time span.") var tEnd = 10.0
    @Option(help: "Standard deviation of the Gaussian observation noise.") var noise = 0.01
    @Option(help: "Random seed (same seed, same bytes).") var seed: UInt64 = 0
    @Option(help: "Output file (written atomically).") var output: String
    @Flag(help: "Print a JSON summary of the file on stdout.") var json = false

    func validate() throws {
        guard count > 0 else { throw ValidationError("--count must be positive (got \(count))") }
        guard samples > 0 else { throw ValidationError("--samples must be positive (got \(samples))") }
        guard tEnd > 0, tEnd.isFinite else { throw ValidationError("--t-end must be a positive number (got \(tEnd))") }
        guard noise >= 0, noise.isFinite else { throw ValidationError("--noise must be ≥ 0 (got \(noise))") }
    }

    func run() throws {
        TemporaryFiles.removeOnInterrupt()
        var dataset = ExampleDataset.spiral(count: count, samples: samples, tEnd: tEnd, noise: noise, seed: seed)
        dataset.metadata.attributes.merge(Provenance.attributes) { $1 }
        try reportingErrors {
            try OutputGuard.requireDistinct(output: output, from: [], knob: "--output")
            try dataset.write(to: output)
        }
        let summary = DatasetSummary(dataset: dataset, file: output)
        if json { try printJSON(summary) } else { print(summary.text) }
    }
}
