/// A named, contiguous slice of a field's flat parameter vector, for result files
/// and reports: `layers.0.weight` with range `0..<128` and shape `[64, 2]`.
public struct ParameterBlock: Codable, Sendable, Equatable, CustomStringConvertible {
    /// Dotted name, e.g. `layers.1.bias`, `masses`, `G`, `known.alpha`, `mlp.layers.0.weight`.
    public var name: String
    /// Where the block lies in the flat parameter vector.
    public var range: Range<Int>
    /// The block's shape, row-major (`[]` for a scalar); its product is `range.count`.
    public var shape: [Int]

    public init(name: String, range: Range<Int>, shape: [Int]) {
        precondition(shape.reduce(1, *) == range.count, "ParameterBlock \(name): shape \(shape) does not match \(range.count) values")
        self.name = name
        self.range = range
        self.shape = shape
    }

    public var description: String { "\(name) \(shape) @ \(range.lowerBound)..<\(range.upperBound)" }

    /// The same block with `prefix.` in front of its name and its range moved by `offset`.
    public func prefixed(_ prefix: String, offset: Int = 0) -> ParameterBlock {
        ParameterBlock(name: prefix.isEmpty ? name : "\(prefix).\(name)",
                       range: (range.lowerBound + offset)..<(range.upperBound + offset), shape: shape)
    }

    /// One name per element: `name` for a scalar, `name[i]` or `name[i,j]` otherwise.
    public var elementNames: [String] {
        guard !shape.isEmpty else { return [name] }
        return (0..<range.count).map { flat in
            var rest = flat, index = [Int](repeating: 0, count: shape.count)
            for axis in shape.indices.reversed() {
                index[axis] = rest % shape[axis]
                rest /= shape[axis]
            }
            return "\(name)[\(index.map(String.init).joined(separator: ","))]"
        }
    }
}
