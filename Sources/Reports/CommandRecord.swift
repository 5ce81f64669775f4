import Foundation
import HDF5Kit

/// What made a result file, as every file Orrery writes records it: the command line and the versions of Orrery
/// and HDF5. Deliberately no timestamp or host name: the same command and seed must give the same bytes.
public enum CommandRecord {
    /// `arguments` (without the program's own path) as one line a shell reads back, after `program`, leaving out each
    /// option of `dropping` with its value (`--threads 4`, `--threads=4`): options that change how fast a result is
    /// made, never the result, so that the recorded bytes do not depend on them.
    public static func line(program: String = "orrery", arguments: [String], dropping options: Set<String> = []) -> String {
        var words: [String] = []
        var rest = arguments[...]
        while let word = rest.popFirst() {
            if options.contains(word) { _ = rest.popFirst(); continue }
            if options.contains(where: { word.hasPrefix($0 + "=") }) { continue }
            words.append(word)
        }
        return ([program] + words).map(shellQuoted).joined(separator: " ")
    }

    /// `word` unchanged when it holds only characters a shell leaves alone (letters, digits, `-_=.,/:+@%`), else in
    /// single quotes (a quote inside as `'\''`).
    public static func shellQuoted(_ word: String) -> String {
        let safe = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-_=.,/:+@%"))
        return word.unicodeScalars.allSatisfy(safe.contains) && !word.isEmpty ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// Root attributes naming `command` and the versions of Orrery and HDF5.
    public static func attributes(command: String) -> [String: HDF5AttributeValue] {
        ["command": .string(command), "orrery_version": .string(OrreryVersion.string), "hdf5_version": .string(HDF5.libraryVersion)]
    }
}
