import Foundation

extension TrajectoryDataset {
    /// Reads trajectories from a CSV file with a header row, streaming it (see ``CSVScanner``).
    ///
    /// One column holds time (`timeColumn`, default "t"); an optional column
    /// (`trajectoryColumn`, default "trajectory") groups rows into trajectories,
    /// which must all have the same number of rows; every other column is a state
    /// component, its header kept as the label. An empty cell, `NaN` or `nan` is a
    /// missing value. Rows are sorted by time within each trajectory.
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
        let n = first.times.count, d = stateColumns.count
        var times: [Double] = [], states: [Double] = []
        times.reserveCapacity(n * groups.count)
        states.reserveCapacity(n * d * groups.count)
        for (key, group) in zip(keys, groups) {
            guard group.times.count == n else {
                throw fail("trajectory \"\(key)\" has \(group.times.count) rows, trajectory \"\(keys[0])\" has \(n); all must have the same number")
            }
            if zip(group.times, group.times.dropFirst()).allSatisfy({ $0 <= $1 }) {
                times += group.times
                states += group.values
            } else {
                let order = group.times.indices.sorted { (group.times[$0], $0) < (group.times[$1], $1) }
                times += order.map { group.times[$0] }
                for index in order { states += group.values[(index * d)..<((index + 1) * d)] }
            }
        }
        return try assemble(file: path, times: times, states: states, b: groups.count, n: n, d: d,
                            labels: stateColumns.map { header[$0] }, system: "imported from CSV")
    }
}
