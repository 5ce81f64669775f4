import ArgumentParser
import Datasets
import HDF5Kit

/// `orrery inspect FILE.h5`: the tree of any HDF5 file, as text or JSON; for a text table, what `fit` reads from it.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Print the groups, datasets and attributes of an HDF5 file.",
        discussion: "Works on any HDF5 file, not only Orrery's. Reads metadata only. For a CSV (.csv/.tsv/.txt) file: what fit would read from it."
    )

    @Argument(help: "The HDF5 (or CSV) file to inspect.")
    var file: String

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    @Option(help: "Show at most this many values of an array attribute in text output.")
    var maxValues = 8

    /// Bad input found while running is one line on stderr (like every other failure), not a usage dump.
    func run() throws { try reportingErrors { try execute() } }

    func execute() throws {
        if TrajectoryDataset.isTextTable(file) {
            let summary = DataSummary(dataset: try DataOptions.load(path: file, timePath: nil, statePath: nil), path: file)
            return json ? try printJSON(summary) : print(summary.line)
        }
        let handle = try HDF5File.open(file)
        defer { try? handle.close() }
        let tree = try handle.tree()
        if json {
            try printJSON(HDF5TreeReport(file: file, root: tree))
        } else {
            print(file)
            print(tree.text(maxValues: max(1, maxValues)), terminator: "")
        }
    }
}
