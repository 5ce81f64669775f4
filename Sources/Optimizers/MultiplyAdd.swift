/// `a·b + c` with the rounding chosen by ``MultiplyAddRounding``, as a type so that each update kernel is
/// specialised once per mode and the choice costs nothing inside the loop.
@usableFromInline
protocol MultiplyAdd {
    static func madd(_ a: Double, _ b: Double, _ c: Double) -> Double
}

/// Two roundings: the product, then the sum.
@usableFromInline
enum SeparateMultiplyAdd: MultiplyAdd {
    @inline(__always) @usableFromInline
    static func madd(_ a: Double, _ b: Double, _ c: Double) -> Double { a * b + c }
}

/// One rounding (IEEE-754 fusedMultiplyAdd).
@usableFromInline
enum FusedMultiplyAdd: MultiplyAdd {
    @inline(__always) @usableFromInline
    static func madd(_ a: Double, _ b: Double, _ c: Double) -> Double { c.addingProduct(a, b) }
}
