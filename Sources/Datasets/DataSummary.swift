import Foundation
import HDF5Kit

/// One line saying what was read from a data file (printed by `orrery fit`): trajectories, samples, components by name,
/// time span and the missing fraction — so a user sees at once whether the columns became the
/// states they meant.
public struct DataSummary: Sendable, Encodable {
    /// The file as given.
    public let file: String
    public let line: String

    public init(dataset: TrajectoryDataset, path: String) {
        file = path
        let b = dataset.trajectoryCount, n = dataset.sampleCount, d = dataset.stateDimension
        let labels = dataset.metadata.stateLabels.count == d ? dataset.metadata.stateLabels : (0..<d).map { "y\($0)" }
        var observed = 0, total = 0
        var first = Double.infinity, last = -Double.infinity
        for row in 0..<b {
            for k in 0..<n {
                let t = dataset.times.values[row * n + k]
                first = min(first, t)
                last = max(last, t)
                for c in 0..<d {
                    total += 1
                    if dataset.isObserved(row, k, c) && dataset.states.values[(row * n + k) * d + c].isFinite { observed += 1 }
                }
            }
        }
        let missing = total > 0 ? 100 * Double(total - observed) / Double(total) : 0
        let shown = labels.count <= 12 ? labels.joined(separator: ", ") : labels.prefix(12).joined(separator: ", ") + ", …"
        let timeColumn = dataset.metadata.attributes["time_column"]?.stringValue.map { $0 == "t" ? "" : " (column \"\($0)\")" } ?? ""
        line = "\(URL(fileURLWithPath: path).lastPathComponent): \(b) trajector\(b == 1 ? "y" : "ies") × \(n) samples; "
            + "\(d) component\(d == 1 ? "" : "s") (state order): \(shown); t ∈ [\(Self.format(first)), \(Self.format(last))]\(timeColumn); "
            + String(format: "%.1f %% missing", missing)
            + Self.paddingNote(dataset.metadata.attributes["rows_padded"])
    }

    private static func format(_ x: Double) -> String { String(format: "%.6g", x) }

    /// How many shorter trajectories a CSV import padded with rows of missing values (counted in "missing").
    private static func paddingNote(_ attribute: HDF5AttributeValue?) -> String {
        guard case .strings(let padded)? = attribute, !padded.isEmpty else { return "" }
        return " (with rows of missing values padding \(padded.count) shorter trajector\(padded.count == 1 ? "y" : "ies"); see rows_padded)"
    }
}
