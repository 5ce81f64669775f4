import Foundation

extension InitialStateTable {
    /// Whether `text` names a file of initial states for ``read(from:labels:)`` (an existing path, or a name ending
    /// in .csv, .tsv, .txt, .h5 or .hdf5, case-insensitively) rather than one state written out for ``state(parsing:labels:)``.
    public static func namesFile(_ text: String) -> Bool {
        let lower = text.lowercased()
        return FileManager.default.fileExists(atPath: text) || [".csv", ".tsv", ".txt", ".h5", ".hdf5"].contains { lower.hasSuffix($0) }
    }
}
