import ODE

/// Renaming changes no values: a renamed batched field evaluates its batches with the base's
/// own (possibly faster) batch methods, so typed fits (`Trainer.fit(field:…settings:)`, which
/// renames every field) keep the base's kernel.
extension RenamedParameterField: BatchVectorField where Base: BatchVectorField {
    @inlinable
    public func evaluateBatch(t: Double, states: UnsafeBufferPointer<Double>, count: Int, parameters: UnsafeBufferPointer<Double>,
                              into out: UnsafeMutableBufferPointer<Double>) {
        base.evaluateBatch(t: t, states: states, count: count, parameters: parameters, into: out)
    }

    @inlinable
    public func vectorJacobianProductBatch(t: Double, states: UnsafeBufferPointer<Double>, count: Int,
                                           parameters: UnsafeBufferPointer<Double>, cotangents: UnsafeBufferPointer<Double>,
                                           stateCotangents: UnsafeMutableBufferPointer<Double>,
                                           parameterCotangent: UnsafeMutableBufferPointer<Double>) {
        base.vectorJacobianProductBatch(t: t, states: states, count: count, parameters: parameters, cotangents: cotangents,
                                        stateCotangents: stateCotangents, parameterCotangent: parameterCotangent)
    }
}
