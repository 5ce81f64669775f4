import CHDF5

/// A summary of one object in an HDF5 file and, for groups, of everything below it.
///
/// This is what `orrery inspect` prints; it reads metadata only, never data.
public struct HDF5TreeNode: Codable, Equatable, Sendable {
    public struct Attribute: Codable, Equatable, Sendable {
        public let name: String
        public let type: String
        public let value: HDF5JSONValue
    }

    public let name: String
    public let path: String
    /// "group", "dataset", "namedDatatype" or "unresolvedLink".
    public let kind: HDF5Member.Kind
    public let attributes: [Attribute]
    public var dtype: String?
    public var shape: [Int]?
    public var chunks: [Int]?
    public var filters: [String]?
    /// True for a virtual dataset (data mapped from other files).
    public var virtual: Bool?
    public var children: [HDF5TreeNode]?
    /// Why a group's members are not listed here (it was already shown: a link cycle or a second link).
    public var note: String?
}

/// A JSON value for attribute contents: numbers (non-finite as strings), text, arrays.
public enum HDF5JSONValue: Codable, Equatable, Sendable {
    case number(Double)
    case integer(Int64)
    case text(String)
    case array([HDF5JSONValue])

    public init(_ value: HDF5AttributeValue) {
        switch value {
        case .double(let x): self = .number(x)
        case .doubles(let xs): self = .array(xs.map { .number($0) })
        case .integer(let n): self = .integer(n)
        case .integers(let ns): self = .array(ns.map { .integer($0) })
        case .string(let s): self = .text(s)
        case .strings(let ss): self = .array(ss.map { .text($0) })
        case .unsupported(let type): self = .text("<\(type)>")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .number(let x):
            if x.isFinite { try container.encode(x) } else { try container.encode(x.isNaN ? "NaN" : (x > 0 ? "Infinity" : "-Infinity")) }
        case .integer(let n): try container.encode(n)
        case .text(let s): try container.encode(s)
        case .array(let items): try container.encode(items)
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let n = try? container.decode(Int64.self) { self = .integer(n) }
        else if let x = try? container.decode(Double.self) { self = .number(x) }
        else if let s = try? container.decode(String.self) { self = .text(s) }
        else { self = .array(try container.decode([HDF5JSONValue].self)) }
    }
}

extension HDF5File {
    /// The whole file as a tree of metadata summaries.
    ///
    /// Each group is listed once: a further link to a group already shown (a hard link to an
    /// ancestor, a soft link to "/") is a leaf with a note, so cyclic files end.
    public func tree() throws -> HDF5TreeNode {
        var visited: [UInt64: String] = [:]
        return try HDF5TreeNode.summarize(group: try root, name: "/", visited: &visited, depth: 0)
    }
}

extension HDF5TreeNode {
    /// Groups nested deeper than this are not listed (no real file needs it; a crafted one could).
    static let maximumDepth = 64

    static func summarize(group: HDF5Group, name: String, visited: inout [UInt64: String], depth: Int) throws -> HDF5TreeNode {
        var address: UInt64 = 0
        if orrery_object_address(group.id, &address) >= 0 {
            if let first = visited[address] {
                return HDF5TreeNode(name: name, path: group.path, kind: .group, attributes: [], note: "the same group as \(first), shown there")
            }
            visited[address] = group.path
        } else {
            _ = takeHDF5ErrorMessage()
        }
        guard depth < maximumDepth else {
            return HDF5TreeNode(name: name, path: group.path, kind: .group, attributes: [], note: "nested deeper than \(maximumDepth) groups; not listed")
        }
        var children: [HDF5TreeNode] = []
        for member in try group.members() {
            let path = group.childPath(member.name)
            switch member.kind {
            case .group:
                children.append(try summarize(group: try group.group(member.name), name: member.name, visited: &visited, depth: depth + 1))
            case .dataset:
                let dataset = try group.dataset(member.name)
                children.append(HDF5TreeNode(
                    name: member.name, path: path, kind: .dataset, attributes: try attributes(of: dataset),
                    dtype: try dataset.dataType.name, shape: try dataset.shape,
                    chunks: try dataset.chunkShape, filters: try dataset.filters,
                    virtual: try dataset.isVirtual ? true : nil, children: nil))
            case .namedDatatype, .unresolvedLink, .externalLink:
                children.append(HDF5TreeNode(name: member.name, path: path, kind: member.kind, attributes: []))
            }
        }
        return HDF5TreeNode(name: name, path: group.path, kind: .group, attributes: try attributes(of: group), children: children)
    }

    private static func attributes(of object: some HDF5Object) throws -> [Attribute] {
        try object.attributeNames().map { name in
            let value = try object.attribute(name)
            return Attribute(name: name, type: typeName(value), value: HDF5JSONValue(value))
        }
    }

    private static func typeName(_ value: HDF5AttributeValue) -> String {
        switch value {
        case .double: return "float64"
        case .doubles(let xs): return "float64[\(xs.count)]"
        case .integer: return "int64"
        case .integers(let ns): return "int64[\(ns.count)]"
        case .string: return "string"
        case .strings(let ss): return "string[\(ss.count)]"
        case .unsupported(let type): return type
        }
    }
}
