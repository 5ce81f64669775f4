import HDF5Kit

extension TrajectoryDataset {
    /// Writes the dataset as a text table when `path` ends in `.csv`, `.tsv` or `.txt`, else as schema-v1 HDF5 (atomically).
    /// `standardDeviations` (`(B, N, D)`, e.g. a prediction's ±1σ) go to `<label>_std` columns (CSV)
    /// or `/uncertainty/state_std` (HDF5).
    public func write(toFile path: String, standardDeviations: [Double]?) throws {
        if Self.isTextTable(path) {
            try writeCSV(to: path, standardDeviations: standardDeviations)
            return
        }
        try write(to: path)
        guard let standardDeviations else { return }
        let file = try HDF5File.open(path, mode: .readWrite)
        defer { try? file.close() }
        let group = try file.root.createGroup("uncertainty")
        try group.write(NDArray(shape: states.shape, values: standardDeviations), to: "state_std")
    }
}
