import Foundation
import HDF5Kit

/// Reads a numeric CSV file in one streaming pass: fixed-size blocks from disk, cells
/// parsed in place (no string per cell), rows delivered to a callback.
///
/// The dialects spreadsheets and instruments write are read without options:
/// - a UTF-8 byte-order mark before the header is skipped;
/// - lines end in `\n` (a trailing `\r` is ignored);
/// - the delimiter is found in the header: the most frequent of `,`, `;` and tab (ties in that
///   order), else runs of spaces (a whitespace-separated table), and used for every row;
/// - lines whose first non-blank character is `#` are comments; when numbers follow comments with no
///   header line, the last comment is the header (numpy.savetxt's `# t x v`);
/// - a cell may be quoted (RFC 4180: `"…"`, with `""` for a quote inside; delimiters inside
///   quotes do not split); other cells are trimmed of spaces and tabs.
///
/// A NUL byte anywhere refuses the file (it is not text, and C number parsing would stop
/// there silently).
struct CSVScanner {
    /// One data row: its line number and the byte ranges of its cells, valid during the callback.
    struct Row {
        let line: Int
        /// The file's delimiter (found in its header).
        let delimiter: Delimiter
        let base: UnsafePointer<UInt8>
        let cells: [Range<Int>]

        /// The cell's text (for messages and keys).
        func text(_ column: Int) -> String {
            String(decoding: UnsafeBufferPointer(start: base + cells[column].lowerBound, count: cells[column].count), as: UTF8.self)
        }

        /// Whether the cell is empty or a NaN spelling (case-insensitive).
        func isMissing(_ column: Int) -> Bool {
            let range = cells[column]
            if range.isEmpty { return true }
            guard range.count == 3 else { return false }
            let a = base[range.lowerBound] | 0x20, b = base[range.lowerBound + 1] | 0x20, c = base[range.lowerBound + 2] | 0x20
            return a == UInt8(ascii: "n") && b == UInt8(ascii: "a") && c == UInt8(ascii: "n")
        }

        /// The cell as a number, or nil if it is not exactly one number.
        func number(_ column: Int) -> Double? {
            let range = cells[column]
            guard !range.isEmpty else { return nil }
            let start = UnsafeMutableRawPointer(mutating: base + range.lowerBound).assumingMemoryBound(to: CChar.self)
            var end: UnsafeMutablePointer<CChar>? = nil
            let value = strtod(start, &end)  // Orrery never calls setlocale: the "C" locale, a point for decimals
            guard let end, end == start + range.count else { return nil }
            return value
        }

        /// Whether the cell's bytes equal `other`'s cell bytes.
        func cellEquals(_ column: Int, _ bytes: [UInt8]) -> Bool {
            let range = cells[column]
            guard range.count == bytes.count else { return false }
            return bytes.withUnsafeBufferPointer { memcmp(base + range.lowerBound, $0.baseAddress!, range.count) == 0 }
        }

        /// The cell's bytes.
        func bytes(_ column: Int) -> [UInt8] { Array(UnsafeBufferPointer(start: base + cells[column].lowerBound, count: cells[column].count)) }
    }

    /// How the header's cells are separated (see the type's documentation).
    enum Delimiter: Equatable {
        case byte(UInt8)
        case whitespace

        /// The delimiter of a header line: the most frequent of `,`, `;` and tab outside quotes (ties in
        /// that order), else spaces when there are any.
        static func detect(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Delimiter {
            var quoted = false, counts = [0, 0, 0], spaces = false
            let candidates: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), 9]
            for index in start..<end {
                let byte = base[index]
                if byte == UInt8(ascii: "\"") { quoted.toggle() } else if !quoted {
                    if let k = candidates.firstIndex(of: byte) { counts[k] += 1 } else if byte == 32 { spaces = true }
                }
            }
            let best = counts.indices.max { (counts[$0], -$0) < (counts[$1], -$1) }!
            return counts[best] > 0 ? .byte(candidates[best]) : spaces ? .whitespace : .byte(UInt8(ascii: ","))
        }

        /// The delimiter as words, for messages.
        var name: String {
            switch self {
            case .byte(9): return "tab"
            case .byte(let byte): return "\"\(Character(Unicode.Scalar(byte)))\""
            case .whitespace: return "spaces"
            }
        }
    }

    let path: String
    let blockSize: Int

    init(path: String, blockSize: Int = 1 << 20) {
        self.path = path
        self.blockSize = blockSize
    }

    /// Calls `header` with the first line's cells, then `row` for each non-empty later line.
    func scan(header: ([String]) throws -> Void, row: (Row) throws -> Void) throws {
        func fail(_ message: String) -> DatasetError { DatasetError(file: path, message) }
        try HDF5Safety.requireRegularFile(path)
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw fail("cannot open the file: \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        // Pending bytes (a partial line) + one block + a NUL sentinel that stops strtod.
        var buffer = [UInt8](repeating: 0, count: 2 * blockSize + 1)
        var pending = 0, line = 0, sawHeader = false, atEnd = false
        var cells: [Range<Int>] = [], delimiter = Delimiter.byte(UInt8(ascii: ",")), lastComment: [UInt8]?
        while !atEnd {
            if pending + blockSize + 1 > buffer.count { buffer += [UInt8](repeating: 0, count: buffer.count) }
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + pending, blockSize) }
            guard count >= 0 else { throw fail("cannot read the file: \(String(cString: strerror(errno)))") }
            atEnd = count == 0
            let filled = pending + count
            buffer[filled] = 0
            try buffer.withUnsafeMutableBufferPointer { all in
                let base = UnsafePointer(all.baseAddress!)
                if count > 0, let nul = memchr(base + pending, 0, count) {
                    let offset = base.distance(to: nul.assumingMemoryBound(to: UInt8.self))
                    let lineNumber = line + 1 + UnsafeBufferPointer(start: base, count: offset).reduce(0) { $0 + ($1 == 10 ? 1 : 0) }
                    throw fail("line \(lineNumber) contains a NUL byte: this is not a text CSV file")
                }
                var start = 0
                if line == 0, filled >= 3, base[0] == 0xEF, base[1] == 0xBB, base[2] == 0xBF { start = 3 }  // byte-order mark
                while start < filled {
                    let newline = memchr(base + start, 10, filled - start)
                    guard newline != nil || atEnd else { break }
                    let end = newline.map { base.distance(to: $0.assumingMemoryBound(to: UInt8.self)) } ?? filled
                    line += 1
                    var first = start
                    while first < end && (base[first] == 32 || base[first] == 9) { first += 1 }
                    if first < end && base[first] == UInt8(ascii: "#") {  // a comment line
                        if !sawHeader { lastComment = Array(UnsafeBufferPointer(start: base + first + 1, count: end - first - 1)) }
                        start = end + 1
                        continue
                    }
                    if !sawHeader { delimiter = .detect(base, start, end) }
                    Self.split(base, start, end, delimiter: delimiter, into: &cells)
                    if !sawHeader, let comment = lastComment, !cells.isEmpty,
                       cells.indices.allSatisfy({ Row(line: line, delimiter: delimiter, base: base, cells: cells).number($0) != nil }) {
                        // Numbers under comments (numpy.savetxt's `# t x v`): the last comment names the columns.
                        var names: [Range<Int>] = []
                        try comment.withUnsafeBufferPointer { text in
                            Self.split(text.baseAddress!, 0, text.count, delimiter: .detect(text.baseAddress!, 0, text.count), into: &names)
                            try header(names.map { String(decoding: UnsafeBufferPointer(rebasing: text[$0]), as: UTF8.self) })
                        }
                        sawHeader = true
                    }
                    if !sawHeader {
                        let names = cells.map { String(validating: UnsafeBufferPointer(start: base + $0.lowerBound, count: $0.count), as: UTF8.self) }
                        guard names.allSatisfy({ $0 != nil }) else { throw fail("the header (line 1) is not UTF-8 text") }
                        try header(names.map { $0!.replacingOccurrences(of: "\"\"", with: "\"") })
                        sawHeader = true
                    } else if !(cells.count == 1 && cells[0].isEmpty) {
                        try row(Row(line: line, delimiter: delimiter, base: base, cells: cells))
                    }
                    start = end + 1
                }
                pending = max(0, filled - start)
                if pending > 0 && start > 0 { memmove(all.baseAddress!, base + start, pending) }
            }
            if pending > 0 && atEnd { break }
        }
        if !sawHeader { try header([]) }
    }

    /// The cell ranges of the line `start ..< end`: trimmed of spaces and tabs, quotes removed.
    /// With a byte delimiter, `a,,b` has an empty middle cell and `a,` an empty last one; with
    /// spaces, runs of blanks separate cells and leading or trailing blanks add none.
    private static func split(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int, delimiter: Delimiter,
                              into cells: inout [Range<Int>]) {
        cells.removeAll(keepingCapacity: true)
        var lineEnd = end
        if lineEnd > start && base[lineEnd - 1] == 13 { lineEnd -= 1 }
        func isBlank(_ index: Int) -> Bool { base[index] == 32 || base[index] == 9 }
        func isDelimiter(_ index: Int) -> Bool {
            if case .byte(let byte) = delimiter { return base[index] == byte }
            return isBlank(index)
        }
        let runs = delimiter == .whitespace
        var index = start
        while true {
            while index < lineEnd && isBlank(index) && (runs || !isDelimiter(index)) { index += 1 }
            var a = index, b = index
            if index < lineEnd && base[index] == UInt8(ascii: "\"") {
                // A quoted cell runs to the first quote that is not doubled; its range is the inside.
                a = index + 1
                index = a
                while index < lineEnd && !(base[index] == UInt8(ascii: "\"") && (index + 1 == lineEnd || base[index + 1] != UInt8(ascii: "\""))) {
                    index += base[index] == UInt8(ascii: "\"") ? 2 : 1
                }
                b = index
                while index < lineEnd && !isDelimiter(index) { index += 1 }
            } else {
                while index < lineEnd && !isDelimiter(index) { index += 1 }
                b = index
                while b > a && isBlank(b - 1) { b -= 1 }
            }
            cells.append(a..<b)
            if runs { while index < lineEnd && isBlank(index) { index += 1 } } else if index < lineEnd { index += 1; continue }
            if index >= lineEnd { return }
        }
    }
}
