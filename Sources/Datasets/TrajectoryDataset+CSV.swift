import Foundation

extension TrajectoryDataset {
    /// Reads trajectories from a CSV file with a header row.
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
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw fail("cannot read the file as UTF-8 text")
        }
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        while lines.last?.isEmpty == true { lines.removeLast() }
        guard let headerLine = lines.first, !headerLine.isEmpty else { throw fail("the file is empty; expected a header row") }
        let header = headerLine.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard let timeIndex = header.firstIndex(of: timeColumn) else {
            throw fail("no time column \"\(timeColumn)\" in the header (\(header.joined(separator: ", "))); name it with --time")
        }
        let groupIndex = header.firstIndex(of: trajectoryColumn)
        let stateColumns = header.indices.filter { $0 != timeIndex && $0 != groupIndex }
        guard !stateColumns.isEmpty else { throw fail("no state columns besides \"\(timeColumn)\"") }
        var groups: [String: [(t: Double, values: [Double])]] = [:], order: [String] = []
        for (offset, line) in lines.dropFirst().enumerated() where !line.isEmpty {
            let row = offset + 2
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count == header.count else {
                throw fail("row \(row) has \(cells.count) cells, the header has \(header.count)")
            }
            func number(_ column: Int, allowMissing: Bool) throws -> Double {
                let cell = cells[column]
                if allowMissing && (cell.isEmpty || cell.lowercased() == "nan") { return .nan }
                guard let value = Double(cell), value.isFinite || allowMissing else {
                    throw fail("row \(row), column \"\(header[column])\": \"\(cell)\" is not a number")
                }
                return value
            }
            let t = try number(timeIndex, allowMissing: false)
            let values = try stateColumns.map { try number($0, allowMissing: true) }
            let key = groupIndex.map { cells[$0] } ?? ""
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append((t, values))
        }
        guard let firstKey = order.first else { throw fail("the file has a header but no data rows") }
        let n = groups[firstKey]!.count, d = stateColumns.count
        var times: [Double] = [], states: [Double] = []
        for key in order {
            let rows = groups[key]!.sorted { $0.t < $1.t }
            guard rows.count == n else {
                throw fail("trajectory \"\(key)\" has \(rows.count) rows, trajectory \"\(firstKey)\" has \(n); all must have the same number")
            }
            times += rows.map(\.t)
            states += rows.flatMap(\.values)
        }
        return try assemble(file: path, times: times, states: states, b: order.count, n: n, d: d,
                            labels: stateColumns.map { header[$0] }, system: "imported from CSV")
    }
}
