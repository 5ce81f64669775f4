import Foundation
import HDF5Kit
import Reports

/// What made a result file: written into every file Orrery produces.
///
/// Deliberately no timestamp or host name: the same command and seed must give
/// the same bytes.
enum Provenance {
    /// Options that change how fast a result is made, never the result: left
    /// out of the recorded command so that the bytes do not depend on them.
    static let performanceOnlyOptions: Set<String> = ["--threads"]

    /// The command line as typed (program name reduced to `orrery`, performance-only options dropped).
    static var command: String {
        var words: [String] = []
        var arguments = CommandLine.arguments.dropFirst()[...]
        while let word = arguments.popFirst() {
            if performanceOnlyOptions.contains(word) { _ = arguments.popFirst(); continue }
            if performanceOnlyOptions.contains(where: { word.hasPrefix($0 + "=") }) { continue }
            words.append(word)
        }
        return (["orrery"] + words).map(shellQuoted).joined(separator: " ")
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
