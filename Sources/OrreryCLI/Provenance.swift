import Foundation
import HDF5Kit

/// What made a result file: written into every file Orrery produces.
///
/// Deliberately no timestamp or host name: the same command and seed must give
/// the same bytes.
enum Provenance {
    /// The command line as typed (program name reduced to `orrery`).
    static var command: String {
        (["orrery"] + CommandLine.arguments.dropFirst()).map(shellQuoted).joined(separator: " ")
    }

    /// Root attributes naming the command and the versions of Orrery and HDF5.
    static var attributes: [String: HDF5AttributeValue] {
        ["command": .string(command), "orrery_version": .string(OrreryVersion.string),
         "hdf5_version": .string(HDF5.libraryVersion)]
    }

    private static func shellQuoted(_ word: String) -> String {
        let safe = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-_=.,/:+@%"))
        return word.unicodeScalars.allSatisfy(safe.contains) && !word.isEmpty ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
