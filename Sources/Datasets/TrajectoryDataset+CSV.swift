import Foundation

extension TrajectoryDataset {
    /// Reads trajectories from a CSV file with a header row, streaming it (see ``CSVScanner``).
    ///
    /// The file may be comma-, semicolon-, tab- or space-separated, quoted, with a byte-order mark
    /// (see ``CSVScanner``). One column holds time: `timeColumn` if given, else the one column named
    /// `t` or `time` in any case, with or without a unit in brackets (`Time [s]`); an optional column
    /// (`trajectoryColumn`, default "trajectory", in any case) groups rows into trajectories (without
    /// one, a repeated time is refused with that remedy); every
    /// other column is a state component, its header kept as the label. An empty cell,
    /// `NaN` or `nan` is a missing value. Rows are sorted by time within each trajectory.
    /// Trajectories with fewer rows than the longest are padded with rows of missing values
    /// inside their own last interval (see ``paddedRows(_:to:dimension:)``), recorded in the
    /// `rows_padded` attribute: the layout is rectangular, the solves and the loss are unchanged.
    public static func readCSV(from path: String, timeColumn: String? = nil,
                               trajectoryColumn: String = "trajectory") throws -> TrajectoryDataset {
        func fail(_ message: String) -> DatasetError { DatasetError(file: path, message) }
        guard FileManager.default.fileExists(atPath: path) else { throw fail("no such file") }
        var header: [String] = [], timeIndex = 0, groupIndex: Int?, stateColumns: [Int] = []
        var groups: [(times: [Double], values: [Double])] = [], keys: [String] = [], lookup: [String: Int] = [:]
        var lastKey: [UInt8]? = nil, lastGroup = 0, rowCount = 0
        try CSVScanner(path: path).scan(header: { names in
            header = names
            guard !(names.count == 1 && names[0].isEmpty), !names.isEmpty else { throw fail("the file is empty; expected a header row") }
            timeIndex = try timeColumnIndex(in: names, named: timeColumn, file: path)
            groupIndex = names.firstIndex(of: trajectoryColumn)
                ?? names.firstIndex { $0.lowercased() == trajectoryColumn.lowercased() }
            stateColumns = names.indices.filter { $0 != timeIndex && $0 != groupIndex }
            guard !stateColumns.isEmpty else { throw fail("no state columns besides \"\(names[timeIndex])\"") }
        }, row: { row in
            guard row.cells.count == header.count else {
                throw fail("row \(row.line) has \(row.cells.count) cells, the header has \(header.count)")
            }
            func notANumber(_ column: Int) -> DatasetError {
                let text = row.text(column)
                let unitsRow = rowCount == 0 && row.cells.indices.allSatisfy { row.number($0) == nil }
                let hint = unitsRow ? " (a second header row, e.g. units? delete it or start it with #)"
                    : row.delimiter != .byte(UInt8(ascii: ",")) && text.contains(",") ? " (decimal commas are not read: write a point, e.g. 1.5)" : ""
                return fail("row \(row.line), column \"\(header[column])\": \"\(text.count > 40 ? text.prefix(40) + "…" : text)\" is not a number\(hint)")
            }
            guard let t = row.number(timeIndex), t.isFinite else { throw notANumber(timeIndex) }
            defer { rowCount += 1 }
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
            if groupIndex == nil, let repeated = zip(sorted.times, sorted.times.dropFirst()).first(where: { $0 == $1 })?.0 {
                let count = sorted.times.filter { $0 == repeated }.count
                throw fail("t = \(String(format: "%.6g", repeated)) occurs \(count) times: if the file holds several trajectories, "
                    + "put each one's id in a column named \"\(trajectoryColumn)\" (rename a column such as \"run\" or \"id\"); "
                    + "else drop the duplicate rows")
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
        dataset.metadata.attributes["time_column"] = .string(header[timeIndex])
        if !padded.isEmpty {
            dataset.metadata.attributes["rows_padded"] = .strings(padded)
            dataset.metadata.attributes["rows_padded_rule"] = .string(
                "trajectories are stored with the row count of the longest; a shorter one gets rows of missing values evenly "
                + "inside its last interval, so its solve span and its loss are unchanged")
        }
        return dataset
    }

    /// The time column of a header: `name` exactly if given; else the one column called `t` or
    /// `time` in any case, a unit in brackets or parentheses allowed (`Time [s]`, `t (days)`).
    static func timeColumnIndex(in names: [String], named name: String?, file: String) throws -> Int {
        let header = names.joined(separator: ", ")
        if let name {
            guard let index = names.firstIndex(of: name) else {
                throw DatasetError(file: file, "no time column \"\(name)\" in the header (\(header)); name it with --time")
            }
            return index
        }
        if let exact = names.firstIndex(of: "t") { return exact }
        let candidates = names.indices.filter { index in
            var word = names[index].lowercased()
            if let open = word.firstIndex(where: { $0 == "[" || $0 == "(" }), word.last == "]" || word.last == ")" { word = String(word[..<open]) }
            return ["t", "time"].contains(word.trimmingCharacters(in: .whitespaces))
        }
        guard candidates.count == 1 else {
            let found = candidates.isEmpty ? "no time column (t or time, any case, a unit in brackets allowed)"
                : "several time columns (\(candidates.map { "\"\(names[$0])\"" }.joined(separator: ", ")))"
            throw DatasetError(file: file, "\(found) in the header (\(header)); name it with --time")
        }
        return candidates[0]
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
