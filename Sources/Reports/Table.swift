import Foundation

/// A results table: named columns of numbers or text, rendered as Markdown and stored in results.h5.
public struct Table: Sendable {
    public enum Column: Sendable {
        case numbers([Double])
        case text([String])

        var count: Int {
            switch self {
            case .numbers(let values): values.count
            case .text(let values): values.count
            }
        }
    }

    public var name: String
    public var headers: [String]
    public var columns: [Column]

    public init(name: String, headers: [String], columns: [Column]) {
        precondition(headers.count == columns.count, "Table \(name): \(headers.count) headers for \(columns.count) columns")
        // Names become HDF5 paths in results.h5, where "/" would nest groups.
        precondition(!(headers + [name]).contains { $0.contains("/") || $0.isEmpty }, "Table \(name): names may not be empty or contain '/'")
        self.name = name
        self.headers = headers
        self.columns = columns
    }

    public var rowCount: Int { columns.first?.count ?? 0 }

    /// Markdown, numbers with `significant` significant digits.
    public func markdown(significant: Int = 4) -> String {
        var lines = ["| " + headers.joined(separator: " | ") + " |",
                     "|" + columns.map { if case .numbers = $0 { return " ---: |" } else { return " --- |" } }.joined()]
        for row in 0..<rowCount {
            let cells = columns.map { column -> String in
                switch column {
                case .numbers(let values): Self.format(values[row], significant: significant)
                case .text(let values): values[row].replacingOccurrences(of: "|", with: "\\|")
                }
            }
            lines.append("| " + cells.joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A number for people: integers as integers, others with `significant` digits.
    public static func format(_ value: Double, significant: Int = 4) -> String {
        if value.isNaN { return "—" }
        if value.isInfinite { return value > 0 ? "∞" : "−∞" }
        if value == value.rounded(), abs(value) < 1e9 { return String(Int(value)) }
        return String(format: "%.\(significant)g", value)
    }
}
