import Foundation

/// A file of sample times shared by every trajectory: numbers separated by newlines, commas,
/// spaces or tabs, or a CSV whose header has a `t` column (that column is read).
/// What `orrery simulate --times FILE` and `orrery predict --times FILE` take.
public enum SampleTimesFile {
    /// The times in `path`, strictly increasing and finite.
    /// - Throws: ``DatasetError`` naming the file and what is wrong (unreadable, no `t` column,
    ///   a cell that is not a finite number, no times, times not increasing).
    public static func read(_ path: String) throws(DatasetError) -> [Double] {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw DatasetError(file: path, "cannot read the file")
        }
        return try parse(text, file: path)
    }

    /// The times in `text` (the contents of `file`).
    public static func parse(_ text: String, file: String = "times") throws(DatasetError) -> [Double] {
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        var column: Int?
        var body = lines[...]
        if let first = lines.first, Double(first.split(separator: ",").first.map(String.init) ?? "") == nil {
            let header = first.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let t = header.firstIndex(of: "t") else { throw DatasetError(file: file, "the header has no t column") }
            column = t
            body = body.dropFirst()
        }
        var values: [Double] = []
        for line in body {
            let cells = line.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" }).map(String.init)
            for cell in column.map({ cells.indices.contains($0) ? [cells[$0]] : [] }) ?? cells {
                guard let x = Double(cell), x.isFinite else { throw DatasetError(file: file, "'\(cell)' is not a finite number") }
                values.append(x)
            }
        }
        guard !values.isEmpty else { throw DatasetError(file: file, "holds no times") }
        guard zip(values, values.dropFirst()).allSatisfy({ $0 < $1 }) else { throw DatasetError(file: file, "the times must be strictly increasing") }
        return values
    }
}
