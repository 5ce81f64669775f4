import Foundation

/// Many initial states from a file, matched to a model's state labels by name.
///
/// - CSV (or `.tsv`/`.txt`, any dialect ``CSVScanner`` reads): a header naming every state label (any column order), one row per initial
///   state; an optional `t0` column gives each start time (default 0); `trajectory` and
///   `t` columns are ignored (so a dataset's own CSV works: its first row per trajectory
///   is used). Any other column is an error (a misspelt label must not be dropped silently).
/// - HDF5 (schema v1): `/initial_state` and `/t0`, columns matched by the file's `state_labels`.
public enum InitialStateTable {
    /// `(states, start times)` in file order.
    /// - Throws: ``DatasetError`` naming the file and the missing or unknown column.
    public static func read(from path: String, labels: [String]) throws -> (states: [[Double]], initialTimes: [Double]) {
        if TrajectoryDataset.isTextTable(path) { return try readCSV(path, labels: labels) }
        let dataset = try TrajectoryDataset.read(from: path)
        let columns = try labels.map { label -> Int in
            guard let c = dataset.metadata.stateLabels.firstIndex(of: label) else {
                throw DatasetError(file: path, "no state \"\(label)\" among its state_labels (\(dataset.metadata.stateLabels.joined(separator: ", ")))")
            }
            return c
        }
        let d = dataset.stateDimension
        let states = (0..<dataset.trajectoryCount).map { row in columns.map { dataset.initialStates.values[row * d + $0] } }
        return (states, dataset.initialTimes)
    }

    private static func readCSV(_ path: String, labels: [String]) throws -> (states: [[Double]], initialTimes: [Double]) {
        func fail(_ message: String) -> DatasetError { DatasetError(file: path, message) }
        guard FileManager.default.fileExists(atPath: path) else { throw fail("no such file") }
        var header: [String] = [], columns: [Int] = [], t0Column: Int?, tColumn: Int?, groupColumn: Int?
        var states: [[Double]] = [], starts: [Double] = [], seenGroups = Set<String>()
        try CSVScanner(path: path).scan(header: { names in
            header = names
            guard !(names.count == 1 && names[0].isEmpty), !names.isEmpty else {
                throw fail("the file is empty; expected a header naming \(labels.joined(separator: ", "))")
            }
            for name in names where !labels.contains(name) && !["t0", "t", "trajectory"].contains(name) {
                throw fail("unknown column \"\(name)\"; the model's states are \(labels.joined(separator: ", ")) (plus optional t0)")
            }
            columns = try labels.map { label in
                guard let c = names.firstIndex(of: label) else { throw fail("no column \"\(label)\" (the model's states are \(labels.joined(separator: ", ")))") }
                return c
            }
            (t0Column, tColumn, groupColumn) = (names.firstIndex(of: "t0"), names.firstIndex(of: "t"), names.firstIndex(of: "trajectory"))
        }, row: { row in
            guard row.cells.count == header.count else { throw fail("row \(row.line) has \(row.cells.count) cells, the header has \(header.count)") }
            if let groupColumn, !seenGroups.insert(row.text(groupColumn)).inserted { return }
            func number(_ c: Int) throws -> Double {
                guard let x = row.number(c), x.isFinite else { throw fail("row \(row.line), column \"\(header[c])\": \"\(row.text(c))\" is not a finite number") }
                return x
            }
            states.append(try columns.map(number))
            starts.append(try t0Column.map(number) ?? tColumn.flatMap { row.number($0) }.flatMap { $0.isFinite ? $0 : nil } ?? 0)
        })
        guard !header.isEmpty else { throw fail("the file is empty; expected a header naming \(labels.joined(separator: ", "))") }
        guard !states.isEmpty else { throw fail("a header but no rows") }
        return (states, starts)
    }
}
