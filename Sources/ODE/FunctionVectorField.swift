/// A `VectorField` from a closure: handy for tests, scripts and small problems.
/// (A closure call is opaque to the optimiser; write a struct for hot production fields.)
public struct FunctionVectorField: VectorField, Sendable {
    public typealias Body = @Sendable (
        _ t: Double, _ y: UnsafeBufferPointer<Double>, _ parameters: UnsafeBufferPointer<Double>,
        _ dy: UnsafeMutableBufferPointer<Double>
    ) -> Void

    public let dimension: Int
    public let parameterCount: Int
    public let body: Body

    public init(dimension: Int, parameterCount: Int = 0, _ body: @escaping Body) {
        self.dimension = dimension
        self.parameterCount = parameterCount
        self.body = body
    }

    @inlinable
    public func evaluate(
        t: Double, y: UnsafeBufferPointer<Double>, parameters: UnsafeBufferPointer<Double>,
        into dy: UnsafeMutableBufferPointer<Double>
    ) {
        body(t, y, parameters, dy)
    }
}
