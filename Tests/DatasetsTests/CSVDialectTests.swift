import Datasets
import Foundation
import TestSupport
import Testing

/// The dialects spreadsheets, instruments and hand-typed files use read to the same numbers as
/// the plain comma-separated file, with no options; what cannot be read is refused with the remedy.
@Suite("CSV dialects: delimiters, quotes, byte-order mark, time column names")
struct CSVDialectTests {
    private func write(_ text: String, _ name: String = "d.csv", bom: Bool = false) throws -> String {
        let url = try TestSupport.temporaryDirectory().appendingPathComponent(name)
        try ((bom ? Data([0xEF, 0xBB, 0xBF]) : Data()) + Data(text.utf8)).write(to: url)
        return url.path
    }

    /// Two trajectories, a missing cell, values that need all 17 digits.
    private let rows: [[String]] = [
        ["trajectory", "t", "x", "v"],
        ["a", "0", "0.1", "-1.2345678901234567e-5"],
        ["a", "0.5", "", "3.0000000000000004"],
        ["a", "1.25", "0.30000000000000004", "nan"],
        ["b", "0", "2", "7"],
        ["b", "0.5", "1e-300", "-0"],
        ["b", "1.25", "6.02214076e23", "1"],
    ]

    /// The rows as text; a whitespace-separated table writes its missing cell as NaN and pads lines with blanks.
    private func text(_ separator: String, quoted: Bool = false, lineEnd: String = "\n") -> String {
        let blank = separator.allSatisfy(\.isWhitespace) && separator != "\t"
        return rows.map { row in
            let line = row.map { blank && $0.isEmpty ? "NaN" : quoted ? "\"\($0)\"" : $0 }.joined(separator: separator)
            return blank ? "  " + line + " " : line
        }.joined(separator: lineEnd) + lineEnd
    }

    @Test("comma, semicolon, tab and space separation, quotes, a byte-order mark and CRLF give the same dataset",
          arguments: ["semicolon", "tab", "spaces", "quoted", "bom-crlf", "tsv", "txt"])
    func dialects(kind: String) throws {
        let reference = try TrajectoryDataset.readCSV(from: try write(text(",")))
        let path: String
        switch kind {
        case "semicolon": path = try write(text(";"))
        case "tab": path = try write(text("\t"))
        case "spaces": path = try write(text("   "))
        case "quoted": path = try write(text(", ", quoted: true))
        case "bom-crlf": path = try write(text(",", lineEnd: "\r\n"), bom: true)
        case "tsv": path = try write(text("\t"), "d.tsv")
        default: path = try write(text(" "), "d.txt")
        }
        let dataset = kind == "tsv" || kind == "txt" ? try TrajectoryDataset.load(path: path) : try TrajectoryDataset.readCSV(from: path)
        #expect(dataset.metadata.stateLabels == ["x", "v"])
        #expect(dataset.times.values == reference.times.values)
        #expect(dataset.states.values.map(\.bitPattern) == reference.states.values.map(\.bitPattern))
        #expect(dataset.trajectoryCount == 2 && dataset.sampleCount == 3)
        #expect(dataset.states[0, 1, 0].isNaN && dataset.states[0, 2, 1].isNaN && dataset.states[1, 1, 1].sign == .minus)
    }

    @Test("an empty cell between tabs or semicolons is a missing value, not a shifted column")
    func emptyCells() throws {
        for separator in ["\t", ";"] {
            let dataset = try TrajectoryDataset.readCSV(from: try write(["t", "x", "y"].joined(separator: separator) + "\n"
                + ["0", "", "1"].joined(separator: separator) + "\n" + ["1", "2", ""].joined(separator: separator) + "\n"))
            #expect(dataset.states.values.map { $0.isNaN ? -1 : $0 } == [-1, 1, 2, -1])
        }
    }

    @Test("quoted header cells keep their delimiters and doubled quotes")
    func quotedHeader() throws {
        let dataset = try TrajectoryDataset.readCSV(from: try write("\"t\",\"x, m\",\"a \"\"b\"\"\"\n0,1,2\n1,3,4\n"))
        #expect(dataset.metadata.stateLabels == ["x, m", "a \"b\""])
        #expect(dataset.states.values == [1, 2, 3, 4])
    }

    @Test("the time column is t, else the one column called time in any case with a unit in brackets",
          arguments: [("Time [s]", true), ("time", true), ("TIME", true), ("t (days)", true), ("timestamp", false), ("tau", false)])
    func timeColumnNames(name: String, found: Bool) throws {
        let path = try write("x,\(name),y\n1,0,2\n3,0.5,4\n")
        if found {
            let dataset = try TrajectoryDataset.readCSV(from: path)
            #expect(dataset.times.values == [0, 0.5] && dataset.metadata.stateLabels == ["x", "y"])
            #expect(DataSummary(dataset: dataset, path: path).line.contains("t ∈ [0, 0.5] (column \"\(name)\")"))
        } else {
            #expect { _ = try TrajectoryDataset.readCSV(from: path) } throws: {
                String(describing: $0).contains("no time column (t or time, any case, a unit in brackets allowed) in the header (x, \(name), y); name it with --time")
            }
            #expect(try TrajectoryDataset.readCSV(from: path, timeColumn: name).times.values == [0, 0.5])
        }
    }

    @Test("two time-like columns and no t: refused, naming both")
    func ambiguousTime() throws {
        let path = try write("time,Time (s),x\n0,0,1\n1,1,2\n")
        #expect { _ = try TrajectoryDataset.readCSV(from: path) } throws: {
            String(describing: $0).contains("several time columns (\"time\", \"Time (s)\") in the header")
        }
        #expect(try TrajectoryDataset.readCSV(from: try write("time,t,x\n5,0,1\n6,1,2\n")).metadata.stateLabels == ["time", "x"])
    }

    @Test("decimal commas in a semicolon file are refused with the remedy")
    func decimalCommas() throws {
        let path = try write("t;x\n0;1,5\n1;2,5\n")
        #expect { _ = try TrajectoryDataset.readCSV(from: path) } throws: {
            String(describing: $0).contains("row 2, column \"x\": \"1,5\" is not a number (decimal commas are not read: write a point, e.g. 1.5)")
        }
    }

    @Test("initial-state tables read the same dialects")
    func initialStateTables() throws {
        let path = try write("\"prey\";\"predator\";t0\r\n1.5;0.25;0\r\n2;0.5;3\r\n", bom: true)
        let table = try InitialStateTable.read(from: path, labels: ["predator", "prey"])
        #expect(table.states == [[0.25, 1.5], [0.5, 2]] && table.initialTimes == [0, 3])
    }

    @Test("stacked trajectories without a trajectory column are refused with the remedy; the column's name may be capitalised")
    func stackedTrajectories() throws {
        let stacked = "run,t,x\n1,0,1\n1,1,2\n2,0,3\n2,1,4\n"
        #expect { _ = try TrajectoryDataset.readCSV(from: try write(stacked)) } throws: {
            String(describing: $0).contains("t = 0 occurs 2 times: if the file holds several trajectories, put each one's id in a column named "
                + "\"trajectory\" (rename a column such as \"run\" or \"id\"); else drop the duplicate rows")
        }
        let dataset = try TrajectoryDataset.readCSV(from: try write(stacked.replacingOccurrences(of: "run,", with: "Trajectory,")))
        #expect(dataset.trajectoryCount == 2 && dataset.states.values == [1, 2, 3, 4] && dataset.metadata.stateLabels == ["x"])
    }

    @Test("written tables read back to the same dataset: quoted labels, tab-separated .tsv and .txt", arguments: ["csv", "tsv", "txt"])
    func roundTrip(ext: String) throws {
        let source = try TrajectoryDataset.readCSV(from: try write("t,\"x, m\",\"a \"\"b\"\"\", c \n0,0.1,,1\n1,1e-300,2,0.30000000000000004\n"))
        #expect(source.metadata.stateLabels == ["x, m", "a \"b\"", "c"])
        let path = try TestSupport.temporaryDirectory().appendingPathComponent("out.\(ext)").path
        try source.write(toHDF5OrCSV: path)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasPrefix(ext == "csv" ? "trajectory,t,\"x, m\",\"a \"\"b\"\"\",c\n" : "trajectory\tt\t\"x, m\"\t\"a \"\"b\"\"\"\tc\n"))
        let back = try TrajectoryDataset.load(path: path)
        #expect(back.metadata.stateLabels == source.metadata.stateLabels && back.times.values == source.times.values)
        #expect(back.states.values.map(\.bitPattern) == source.states.values.map(\.bitPattern))
    }

    @Test("comment lines are skipped; numbers under comments take the last comment as the header (numpy.savetxt)")
    func comments() throws {
        let commented = try TrajectoryDataset.readCSV(from: try write("# exported 2026-01-01, v2\n# units: s, m\nt,x\n0,1\n# a pause\n1,0.5\n"))
        #expect(commented.times.values == [0, 1] && commented.states.values == [1, 0.5] && commented.metadata.stateLabels == ["x"])
        let savetxt = try TrajectoryDataset.readCSV(from: try write("# t x v\n0.000000000000000000e+00 1.0e+00 2.5e-01\n1.0 0.5 -0.25\n", "d.txt"))
        #expect(savetxt.metadata.stateLabels == ["x", "v"] && savetxt.states.values == [1, 0.25, 0.5, -0.25])
        #expect { _ = try TrajectoryDataset.readCSV(from: try write("t,x\ns,m\n0,1\n1,0.5\n")) } throws: {
            String(describing: $0).contains("row 2, column \"t\": \"s\" is not a number (a second header row, e.g. units? delete it or start it with #)")
        }
    }
}
