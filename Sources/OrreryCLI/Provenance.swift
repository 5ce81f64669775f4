import Foundation
import HDF5Kit
import Reports

/// What made a result file (``CommandRecord``): written into every file Orrery produces.
enum Provenance {
    /// Options that change how fast a result is made, never the result: left
    /// out of the recorded command so that the bytes do not depend on them.
    static let performanceOnlyOptions: Set<String> = ["--threads"]

    /// The command line as typed (program name reduced to `orrery`, performance-only options dropped).
    static var command: String { CommandRecord.line(arguments: Array(CommandLine.arguments.dropFirst()), dropping: performanceOnlyOptions) }

    /// Root attributes naming the command and the versions of Orrery and HDF5.
    static var attributes: [String: HDF5AttributeValue] { CommandRecord.attributes(command: command) }
}
