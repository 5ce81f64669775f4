import Foundation

extension HDF5TreeNode {
    /// The tree as indented text, one line per object and attribute (`orrery inspect`'s output): kind, type,
    /// shape, chunks and filters of datasets, at most `maxValues` values of an array attribute.
    public func text(maxValues: Int = 8) -> String {
        TreeText(maxValues: max(1, maxValues)).render(self)
    }
}

/// Renders an ``HDF5TreeNode`` as indented text.
private struct TreeText {
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
