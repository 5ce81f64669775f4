import Foundation

extension TrajectoryDataset {
    /// Reads trajectories from a CSV file with a header row, streaming it (see ``CSVScanner``).
    ///
    /// One column holds time (`timeColumn`, default "t"); an optional column
    /// (`trajectoryColumn`, default "trajectory") groups rows into trajectories; every
    /// other column is a state component, its header kept as the label. An empty cell,
    /// `NaN` or `nan` is a missing value. Rows are sorted by time within each trajectory.
    /// Trajectories with fewer rows than the longest are padded with rows of missing values
    /// inside their own last interval (see ``paddedRows(_:to:dimension:)``), recorded in the
    /// `rows_padded` attribute: the layout is rectangular, the solves and the loss are unchanged.
    public static func readCSV(from path: String, timeColumn: String = "t",
                               trajectoryColumn: String = "trajectory") throws -> TrajectoryDataset {
        func fail(_ message: String) -> DatasetError { DatasetError(file: path, message) }
        guard FileManager.default.fileExists(atPath: path) else { throw fail("no such file") }
        var header: [String] = [], timeIndex = 0, groupIndex: Int?, stateColumns: [Int] = []
        var groups: [(times: [Double], values: [Double])] = [], keys: [String] = [], lookup: [String: Int] = [:]
        var lastKey: [UInt8]? = nil, lastGroup = 0
        try CSVScanner(path: path).scan(header: { names in
            header = names
            guard !(names.count == 1 && names[0].isEmpty), !names.isEmpty else { throw fail("the file is empty; expected a header row") }
            guard let index = names.firstIndex(of: timeColumn) else {
                throw fail("no time column \"\(timeColumn)\" in the header (\(names.joined(separator: ", "))); name it with --time")
            }
            timeIndex = index
            groupIndex = names.firstIndex(of: trajectoryColumn)
            stateColumns = names.indices.filter { $0 != timeIndex && $0 != groupIndex }
            guard !stateColumns.isEmpty else { throw fail("no state columns besides \"\(timeColumn)\"") }
        }, row: { row in
            guard row.cells.count == header.count else {
                throw fail("row \(row.line) has \(row.cells.count) cells, the header has \(header.count)")
            }
            func notANumber(_ column: Int) -> DatasetError {
                let text = row.text(column)
                return fail("row \(row.line), column \"\(header[column])\": \"\(text.count > 40 ? text.prefix(40) + "…" : text)\" is not a number")
            }
            guard let t = row.number(timeIndex), t.isFinite else { throw notANumber(timeIndex) }
            var group = 0
            if let groupIndex {
                if let lastKey, row.cellEquals(groupIndex, lastKey) {
                    group = lastGroup
                } else {
                    let key = row.text(groupIndex)
                    if let known = lookup[key] { group = known } else {
                        group = groups.count
                        lookup[key] = group
                        keys.append(key)
                        groups.append(([], []))
                    }
                    lastKey = row.bytes(groupIndex)
                    lastGroup = group
                }
            } else if groups.isEmpty {
                groups.append(([], []))
                keys.append("")
            }
            groups[group].times.append(t)
            for column in stateColumns {
                if row.isMissing(column) { groups[group].values.append(.nan); continue }
                guard let value = row.number(column) else { throw notANumber(column) }
                groups[group].values.append(value)
            }
        })
        guard !header.isEmpty else { throw fail("the file is empty; expected a header row") }
        guard let first = groups.first else { throw fail("the file has a header but no data rows") }
        let n = groups.map(\.times.count).max() ?? first.times.count, d = stateColumns.count
        var times: [Double] = [], states: [Double] = [], padded: [String] = []
        times.reserveCapacity(n * groups.count)
        states.reserveCapacity(n * d * groups.count)
        for (key, group) in zip(keys, groups) {
            var sorted = group
            if !zip(group.times, group.times.dropFirst()).allSatisfy({ $0 <= $1 }) {
                let order = group.times.indices.sorted { (group.times[$0], $0) < (group.times[$1], $1) }
                sorted.times = order.map { group.times[$0] }
                sorted.values = order.flatMap { group.values[($0 * d)..<(($0 + 1) * d)] }
            }
            if sorted.times.count < n {
                guard let added = Self.paddedRows(&sorted, to: n, dimension: d) else {
                    throw fail("trajectory \"\(key)\" has \(group.times.count) row\(group.times.count == 1 ? "" : "s") and cannot be padded "
                        + "to the \(n) rows of the longest (its last two times must differ); add rows with empty state cells at times of your choice")
                }
                padded.append("trajectory \"\(key)\": \(n - group.times.count) row(s) of missing values added at t = "
                    + added.map { String(format: "%.6g", $0) }.joined(separator: ", "))
            }
            times += sorted.times
            states += sorted.values
        }
        var dataset = try assemble(file: path, times: times, states: states, b: groups.count, n: n, d: d,
                                   labels: stateColumns.map { header[$0] }, system: "imported from CSV")
        if !padded.isEmpty {
            dataset.metadata.attributes["rows_padded"] = .strings(padded)
            dataset.metadata.attributes["rows_padded_rule"] = .string(
                "trajectories are stored with the row count of the longest; a shorter one gets rows of missing values evenly "
                + "inside its last interval, so its solve span and its loss are unchanged")
        }
        return dataset
    }

    /// Pads `group` to `n` rows with rows of missing values (NaN) placed evenly inside its last
    /// interval `(t[m−2], t[m−1])`, so the times stay strictly increasing and the span does not grow.
    /// Returns the added times, or nil when there is no such interval (one row, or a repeated last time).
    static func paddedRows(_ group: inout (times: [Double], values: [Double]), to n: Int, dimension d: Int) -> [Double]? {
        let m = group.times.count, extra = n - m
        guard m >= 2 else { return nil }
        let a = group.times[m - 2], b = group.times[m - 1]
        let added = (1...extra).map { a + (b - a) * Double($0) / Double(extra + 1) }
        guard b > a, zip([a] + added, added + [b]).allSatisfy({ $0 < $1 }) else { return nil }
        group.times.insert(contentsOf: added, at: m - 1)
        group.values.insert(contentsOf: [Double](repeating: .nan, count: extra * d), at: (m - 1) * d)
        return added
    }
}
