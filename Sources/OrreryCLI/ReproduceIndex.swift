import ArgumentParser
import Foundation
import Reports

/// `orrery reproduce index`: regenerates `notebooks-export/README.md` from the experiment folders.
public struct ReproduceIndex: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Regenerate notebooks-export/README.md: one line, links and one figure per experiment folder.",
        discussion: """
            Reads each ROOT/NAME/README.md (title, first sentence, the figure named by its index-figure marker or \
            else its first SVG). Planned experiments without a folder (\(ExperimentIndex.planned.joined(separator: ", "))) \
            are listed as coming. Run it after adding or re-running an experiment.
            """
    )

    @Option(help: "The folder holding one subfolder per experiment.")
    var root = "notebooks-export"

    public init() {}

    public func run() throws {
        do { try ExperimentIndex.write(root: URL(fileURLWithPath: root)) } catch { throw fail("\(error)", translating: false) }
        FileHandle.standardError.write(Data("index: \(root)/README.md written\n".utf8))
    }
}
