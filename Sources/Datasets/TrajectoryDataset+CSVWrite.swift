import Foundation

extension TrajectoryDataset {
    /// The CSV text of the dataset, in the layout ``readCSV(from:timeColumn:trajectoryColumn:)`` reads:
    /// a header `trajectory,t,<state labels>` and one row per sample; observed states (noise
    /// included), an empty cell where a value is missing. Numbers are written in Swift's
    /// shortest round-trip form, so reading the file back gives the same `Double`s.
    /// `standardDeviations` (`(B, N, D)`, e.g. a prediction's ±1σ) adds a `<label>_std` column per state.
    /// `delimiter` separates the cells (a tab for `.tsv`/`.txt`); a label holding a delimiter the reader
    /// could detect (`,` `;` tab), a quote or outer blanks is quoted (RFC 4180), so it reads back as written.
    public func csvText(standardDeviations: [Double]? = nil, delimiter: Character = ",") -> String {
        let b = trajectoryCount, n = sampleCount, d = stateDimension
        let separator = String(delimiter)
        func quoted(_ label: String) -> String {
            let needsQuotes = label.contains { ",;\t\"".contains($0) } || label.first?.isWhitespace == true
                || label.last?.isWhitespace == true
            return needsQuotes ? "\"" + label.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : label
        }
        let stdLabels = standardDeviations == nil ? [] : metadata.stateLabels.map { $0 + "_std" }
        var lines = [(["trajectory", "t"] + metadata.stateLabels + stdLabels).map(quoted).joined(separator: separator)]
        lines.reserveCapacity(b * n + 1)
        for row in 0..<b {
            for k in 0..<n {
                var cells = [String(trajectoryIDs[row]), "\(times.values[row * n + k])"]
                for c in 0..<d {
                    let value = states.values[(row * n + k) * d + c]
                    cells.append(isObserved(row, k, c) && !value.isNaN ? "\(value)" : "")
                }
                if let standardDeviations {
                    for c in 0..<d { cells.append("\(standardDeviations[(row * n + k) * d + c])") }
                }
                lines.append(cells.joined(separator: separator))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes ``csvText()`` to `path` atomically (a temporary file, then rename): comma-separated,
    /// or tab-separated when `path` ends in `.tsv` or `.txt`.
    public func writeCSV(to path: String, standardDeviations: [Double]? = nil) throws {
        let delimiter: Character = path.lowercased().hasSuffix(".csv") ? "," : "\t"
        do {
            try Data(csvText(standardDeviations: standardDeviations, delimiter: delimiter).utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw DatasetError(file: path, "cannot write the CSV file (\(error.localizedDescription))")
        }
    }

    /// Writes schema-v1 HDF5, or a text table when `path` ends in `.csv`, `.tsv` or `.txt` (case-insensitive).
    public func write(toHDF5OrCSV path: String) throws {
        if Self.isTextTable(path) { try writeCSV(to: path) } else { try write(to: path) }
    }
}
