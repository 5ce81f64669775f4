extension TrajectoryDataset {
    /// Reads a dataset whatever its format: a text table by extension (`.csv`, `.tsv`, `.txt`;
    /// `timePath` names the time column, default `t` or `time`), any HDF5 file given both `timePath` and `statePath`, else schema-v1 HDF5.
    /// - Throws: ``DatasetError`` when only one of `timePath` and `statePath` is given for HDF5,
    ///   or whatever the reader throws.
    public static func load(path: String, timePath: String? = nil, statePath: String? = nil) throws -> TrajectoryDataset {
        if isTextTable(path) { return try readCSV(from: path, timeColumn: timePath) }
        if let timePath, let statePath { return try read(from: path, timePath: timePath, statePath: statePath) }
        guard timePath == nil, statePath == nil else {
            throw DatasetError(file: path, "give both the time and the state dataset paths, or neither for a schema-v1 file")
        }
        return try read(from: path)
    }

    /// Whether `path` names a text table (CSV or a tab- or space-separated file) by its extension.
    public static func isTextTable(_ path: String) -> Bool {
        [".csv", ".tsv", ".txt"].contains { path.lowercased().hasSuffix($0) }
    }

    /// One note per initial-state component a reader took from a later sample (at most 5, then a
    /// count): what a user should know about data whose first sample was partly missing.
    public var filledInitialStateNotes: [String] {
        guard case .strings(let filled)? = metadata.attributes["initial_state_filled"] else { return [] }
        var lines = Array(filled.prefix(5))
        if filled.count > 5 { lines.append("\(filled.count - 5) more initial-state components filled the same way") }
        return lines
    }
}
