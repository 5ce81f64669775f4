import ArgumentParser
import Datasets
import HDF5Kit

/// `orrery merge`: join the shards of one dataset.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Join shard files from `generate --shard K/N` into one dataset.",
        discussion: "By default the merged file holds HDF5 virtual datasets that read from the shards (keep them beside it); --copy writes a self-contained file."
    )

    @Argument(help: "The shard files, in any order.") var shards: [String]
    @Option(help: "The merged file.") var output: String
    @Flag(help: "Copy the data instead of referencing the shards.") var copy = false
    @Flag(help: "Print a JSON summary on stdout.") var json = false

    func run() throws {
        TemporaryFiles.removeOnInterrupt()
        try reportingErrors {
            try OutputGuard.requireDistinct(output: output, from: shards.map { ($0, "a shard") }, knob: "--output")
            try DatasetMerge.merge(shards, into: output, mode: copy ? .copy : .virtual, attributes: Provenance.attributes)
            let summary = DatasetSummary(dataset: try TrajectoryDataset.read(from: output), file: output)
            if json { try printJSON(summary) } else { print(summary.text.replacingOccurrences(of: "wrote", with: "merged into")) }
        }
    }
}
