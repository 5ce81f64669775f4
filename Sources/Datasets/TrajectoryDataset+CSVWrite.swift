import Foundation

extension TrajectoryDataset {
    /// The CSV text of the dataset, in the layout ``readCSV(from:timeColumn:trajectoryColumn:)`` reads:
    /// a header `trajectory,t,<state labels>` and one row per sample; observed states (noise
    /// included), an empty cell where a value is missing. Numbers are written in Swift's
    /// shortest round-trip form, so reading the file back gives the same `Double`s.
    /// `standardDeviations` (`(B, N, D)`, e.g. a prediction's ±1σ) adds a `<label>_std` column per state.
    public func csvText(standardDeviations: [Double]? = nil) -> String {
        let b = trajectoryCount, n = sampleCount, d = stateDimension
        let stdLabels = standardDeviations == nil ? [] : metadata.stateLabels.map { $0 + "_std" }
        var lines = [(["trajectory", "t"] + metadata.stateLabels + stdLabels).joined(separator: ",")]
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
                lines.append(cells.joined(separator: ","))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes ``csvText()`` to `path` atomically (a temporary file, then rename).
    public func writeCSV(to path: String, standardDeviations: [Double]? = nil) throws {
        do {
            try Data(csvText(standardDeviations: standardDeviations).utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw DatasetError(file: path, "cannot write the CSV file (\(error.localizedDescription))")
        }
    }

    /// Writes schema-v1 HDF5, or CSV when `path` ends in `.csv` (case-insensitive).
    public func write(toHDF5OrCSV path: String) throws {
        if path.lowercased().hasSuffix(".csv") { try writeCSV(to: path) } else { try write(to: path) }
    }
}
