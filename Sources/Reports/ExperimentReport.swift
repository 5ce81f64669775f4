import Foundation
import HDF5Kit

/// A reproduced experiment's report: README.md with tables and figures,
/// results.h5 with every number, one SVG per figure, and NAME.ipynb that
/// redraws the figures from results.h5 with h5py and matplotlib.
public struct ExperimentReport: Sendable {
    /// A block of the README: prose, then tables, then figures.
    public struct Section: Sendable {
        public var heading: String
        public var text: String
        public var tables: [Table]
        public var figures: [Figure]
        /// Figures drawn by the experiment's own SVG code (after `figures`); redraw them in ``notebookCells``.
        public var customFigures: [CustomFigure]
        public init(heading: String, text: String = "", tables: [Table] = [], figures: [Figure] = [],
                    customFigures: [CustomFigure] = []) {
            self.heading = heading
            self.text = text
            self.tables = tables
            self.figures = figures
            self.customFigures = customFigures
        }
    }

    /// A figure that ``Figure`` cannot describe (e.g. paths over contour lines): its SVG is written
    /// as given and embedded in the README; its data goes into ``arrays`` and a notebook cell redraws it.
    public struct CustomFigure: Sendable {
        /// File stem of the SVG.
        public var name: String
        public var title: String
        public var svg: String
        public init(name: String, title: String, svg: String) {
            self.name = name
            self.title = title
            self.svg = svg
        }
    }

    /// An extra notebook code cell (after the standard figure cells), under a markdown heading.
    /// It runs after the standard cells, so `results` (the open h5py file), `np`, `plt`,
    /// `table(name)` and `draw(name)` are defined.
    public struct NotebookCell: Sendable {
        public var title: String
        public var code: String
        public init(title: String, code: String) {
            self.title = title
            self.code = code
        }
    }

    /// Folder and notebook name, e.g. "aca-three-body".
    public var name: String
    public var title: String
    /// What was run and why, in a few sentences.
    public var summary: String
    /// The exact command that reproduces this report.
    public var command: String
    /// Every setting, in order.
    public var settings: [(String, String)]
    public var sections: [Section]
    /// The paragraph comparing with the paper's claim.
    public var comparison: String
    /// Extra arrays for results.h5 (path → values), e.g. raw trajectories.
    public var arrays: [String: NDArray<Double>]
    /// Provenance attributes (command, versions) for results.h5.
    public var attributes: [String: HDF5AttributeValue]
    /// Extra notebook cells, e.g. to redraw ``CustomFigure``s from ``arrays``.
    public var notebookCells: [NotebookCell]
    /// The figure (file stem) that `notebooks-export/README.md` shows for this experiment; nil: the first.
    public var indexFigure: String?

    public init(name: String, title: String, summary: String, command: String, settings: [(String, String)],
                sections: [Section], comparison: String, arrays: [String: NDArray<Double>] = [:],
                attributes: [String: HDF5AttributeValue] = [:], notebookCells: [NotebookCell] = [], indexFigure: String? = nil) {
        self.name = name
        self.title = title
        self.summary = summary
        self.command = command
        self.settings = settings
        self.sections = sections
        self.comparison = comparison
        self.arrays = arrays
        self.attributes = attributes
        self.notebookCells = notebookCells
        self.indexFigure = indexFigure
    }

    var figures: [Figure] { sections.flatMap(\.figures) }
    var tables: [Table] { sections.flatMap(\.tables) }
    var customFigures: [CustomFigure] { sections.flatMap(\.customFigures) }

    /// Writes every file of the report into `directory` (created if needed); each file atomically.
    public func write(to directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for figure in figures {
            try Self.writeText(figure.svg(), to: directory.appendingPathComponent(figure.name + ".svg"))
        }
        for figure in customFigures {
            try Self.writeText(figure.svg, to: directory.appendingPathComponent(figure.name + ".svg"))
        }
        try Self.writeText(markdown(), to: directory.appendingPathComponent("README.md"))
        try writeResults(to: directory.appendingPathComponent("results.h5").path)
        try Self.writeText(Notebook(report: self).json(), to: directory.appendingPathComponent(name + ".ipynb"))
    }

    /// README.md.
    public func markdown() -> String {
        var text = "# \(title)\n\n\(summary)\n\n## Command\n\n```sh\n\(command)\n```\n\n## Settings\n\n"
        text += Table(name: "settings", headers: ["setting", "value"],
                      columns: [.text(settings.map(\.0)), .text(settings.map(\.1))]).markdown() + "\n"
        for section in sections {
            text += "## \(section.heading)\n\n"
            if !section.text.isEmpty { text += section.text + "\n\n" }
            for table in section.tables { text += table.markdown() + "\n" }
            for figure in section.figures { text += "![\(figure.title)](\(figure.name).svg)\n\n" }
            for figure in section.customFigures { text += "![\(figure.title)](\(figure.name).svg)\n\n" }
        }
        text += "## Compared with the paper\n\n\(comparison)\n\n"
        text += "## Files\n\n- `results.h5`: every number above (tables under `/tables`, figure data under `/figures`"
            + (arrays.isEmpty ? "" : ", further arrays under `/data`") + ").\n"
        text += "- `\(name).ipynb`: loads `results.h5` with h5py and redraws the figures with matplotlib.\n"
        if let indexFigure { text += "\n<!-- index-figure: \(indexFigure).svg -->\n" }
        return text
    }

    private func writeResults(to path: String) throws {
        try HDF5File.writeAtomically(to: path) { file in
            let root = try file.root
            try root.setAttribute("experiment", .string(name))
            try root.setAttribute("title", .string(title))
            try root.setAttribute("command", .string(command))
            try root.setAttribute("setting_names", .strings(settings.map(\.0)))
            try root.setAttribute("setting_values", .strings(settings.map(\.1)))
            for (key, value) in attributes.sorted(by: { $0.key < $1.key }) { try root.setAttribute(key, value) }
            let tables = try root.createGroup("tables")
            for table in self.tables {
                let group = try tables.createGroup(table.name)
                try group.setAttribute("columns", .strings(table.headers))
                for (header, column) in zip(table.headers, table.columns) {
                    switch column {
                    case .numbers(let values): try group.write(NDArray(values), to: header)
                    case .text(let values): try group.writeStrings(values, to: header)
                    }
                }
            }
            let figures = try root.createGroup("figures")
            for figure in self.figures {
                let group = try figures.createGroup(figure.name)
                try group.setAttribute("title", .string(figure.title))
                try group.setAttribute("xlabel", .string(figure.xLabel))
                try group.setAttribute("ylabel", .string(figure.yLabel))
                try group.setAttribute("logx", .integer(figure.logX ? 1 : 0))
                try group.setAttribute("logy", .integer(figure.logY ? 1 : 0))
                for (k, series) in figure.series.enumerated() {
                    let s = try group.createGroup("series_\(k)")
                    try s.setAttribute("label", .string(series.label))
                    try s.setAttribute("style", .string(series.style.rawValue))
                    try s.write(NDArray(series.x), to: "x")
                    try s.write(NDArray(series.y), to: "y")
                }
            }
            for (path, values) in arrays.sorted(by: { $0.key < $1.key }) { try root.write(values, to: "data/" + path) }
        }
    }

    static func writeText(_ text: String, to url: URL) throws {
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
        try Data(text.utf8).write(to: temporary)
        guard rename(temporary.path, url.path) == 0 else {
            try? FileManager.default.removeItem(at: temporary)
            throw HDF5Error.writeFailed(path: url.path, reason: String(cString: strerror(errno)))
        }
    }
}
