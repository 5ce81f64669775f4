#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An n-dimensional array in row-major (C) order, as HDF5 and numpy store it.
public struct NDArray<Element> {
    /// Extent of each dimension; `[]` is a scalar holding one value.
    public var shape: [Int]
    /// The elements, last index fastest.
    public var values: [Element]

    /// Wraps `values` with `shape`; the count must equal the shape's product.
    public init(shape: [Int], values: [Element]) {
        precondition(shape.allSatisfy { $0 >= 0 } && shape.reduce(1, *) == values.count,
                     "NDArray: \(values.count) values do not fill shape \(shape)")
        self.shape = shape
        self.values = values
    }

    /// A one-dimensional array.
    public init(_ values: [Element]) { self.init(shape: [values.count], values: values) }

    /// Number of elements.
    public var count: Int { values.count }

    /// The element at a multi-index.
    public subscript(_ index: Int...) -> Element {
        get { values[flatIndex(index)] }
        set { values[flatIndex(index)] = newValue }
    }

    private func flatIndex(_ index: [Int]) -> Int {
        precondition(index.count == shape.count, "NDArray: \(index.count) indices for rank \(shape.count)")
        var flat = 0
        for (i, n) in zip(index, shape) {
            precondition(i >= 0 && i < n, "NDArray: index \(index) out of shape \(shape)")
            flat = flat * n + i
        }
        return flat
    }
}

extension NDArray: Equatable where Element: Equatable {}
extension NDArray: Sendable where Element: Sendable {}

extension NDArray where Element: BitwiseCopyable {
    /// Whether `other` has this shape and the same bytes (NaNs compare by their bits, so an array has the same bits as itself).
    public func hasSameBits(as other: NDArray) -> Bool {
        guard shape == other.shape else { return false }
        return values.withUnsafeBytes { a in
            other.values.withUnsafeBytes { b in a.count == 0 || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0 }
        }
    }
}
