import ArgumentParser
import HDF5Kit

/// `orrery inspect FILE.h5`: the tree of any HDF5 file, as text or JSON.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Print the groups, datasets and attributes of an HDF5 file.",
        discussion: "Works on any HDF5 file, not only Orrery's. Reads metadata only."
    )

    @Argument(help: "The HDF5 file to inspect.")
    var file: String

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    @Option(help: "Show at most this many values of an array attribute in text output.")
    var maxValues = 8

    func run() throws {
        let tree = try reportingErrors { () throws -> HDF5TreeNode in
            let handle = try HDF5File.open(file)
            defer { try? handle.close() }
            return try handle.tree()
        }
        if json {
            try printJSON(InspectReport(file: file, hdf5Version: HDF5.libraryVersion, root: tree))
        } else {
            print(file)
            print(TreeRenderer(maxValues: max(1, maxValues)).render(tree), terminator: "")
        }
    }
}

/// The JSON form of `orrery inspect`.
struct InspectReport: Encodable {
    let file: String
    let hdf5Version: String
    let root: HDF5TreeNode
}

/// Renders an ``HDF5TreeNode`` as indented text.
struct TreeRenderer {
    let maxValues: Int

    func render(_ node: HDF5TreeNode, depth: Int = 0) -> String {
        let indent = String(repeating: "  ", count: depth)
        var lines = indent + node.path + "  " + describe(node) + "\n"
        for attribute in node.attributes {
            lines += indent + "    @" + attribute.name + " (" + attribute.type + ") = " + format(attribute.value) + "\n"
        }
        for child in node.children ?? [] { lines += render(child, depth: depth + 1) }
        return lines
    }

    private func describe(_ node: HDF5TreeNode) -> String {
        switch node.kind {
        case .group:
            if let note = node.note { return "group (\(note))" }
            let count = node.children?.count ?? 0
            return "group (\(count) member\(count == 1 ? "" : "s"))"
        case .dataset:
            var text = "dataset \(node.dtype ?? "?") \(shapeText(node.shape ?? []))"
            if let chunks = node.chunks { text += ", chunks \(shapeText(chunks))" }
            if let filters = node.filters, !filters.isEmpty { text += ", " + filters.joined(separator: ", ") }
            if node.virtual == true { text += ", virtual" }
            return text
        case .namedDatatype: return "named datatype"
        case .unresolvedLink: return "link (target missing)"
        case .externalLink: return "external link (into another file; not followed)"
        }
    }

    private func shapeText(_ shape: [Int]) -> String {
        shape.isEmpty ? "scalar" : "(" + shape.map(String.init).joined(separator: ", ") + (shape.count == 1 ? ",)" : ")")
    }

    private func format(_ value: HDF5JSONValue) -> String {
        switch value {
        case .number(let x): return String(x)
        case .integer(let n): return String(n)
        case .text(let s): return "\"" + s.replacingOccurrences(of: "\n", with: "\\n") + "\""
        case .array(let items):
            let shown = items.prefix(maxValues).map(format).joined(separator: ", ")
            let more = items.count > maxValues ? ", … (\(items.count) values)" : ""
            return "[" + shown + more + "]"
        }
    }
}
