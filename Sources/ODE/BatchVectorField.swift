/// A differentiable field that evaluates and differentiates many states at once, sharing
/// one time `t` and one parameter vector `p`: `F(t, Y; p)` with `Y` a `count × dimension`
/// row-major block (state `b` at `Y[b·dimension ..< (b+1)·dimension]`).
///
/// Batched solves (several trajectories that share one time grid advanced as one system, or
/// lanes advanced in lockstep) call these so that a neural field runs as matrix–matrix
/// products instead of `count` matrix–vector products. The defaults loop over the single-state
/// methods, so every `DifferentiableVectorField` can opt in with an empty conformance;
/// a field with a faster kernel (``MLPVectorField``) overrides them.
///
/// Results must equal the single-state methods to rounding (summation order may differ);
/// tests hold every override to that.
public protocol BatchVectorField: DifferentiableVectorField {
    /// Writes `f(t, Y[b]; p)` into `out[b]` for `b = 0 ..< count` (overwritten).
    func evaluateBatch(
        t: Double,
        states: UnsafeBufferPointer<Double>,
        count: Int,
        parameters: UnsafeBufferPointer<Double>,
        into out: UnsafeMutableBufferPointer<Double>
    )

    /// For `b = 0 ..< count`: accumulates `v[b]ᵀ ∂f/∂y (t, Y[b]; p)` into `stateCotangents[b]`
    /// and `Σ_b v[b]ᵀ ∂f/∂p (t, Y[b]; p)` into `parameterCotangent` (both `+=`).
    func vectorJacobianProductBatch(
        t: Double,
        states: UnsafeBufferPointer<Double>,
        count: Int,
        parameters: UnsafeBufferPointer<Double>,
        cotangents: UnsafeBufferPointer<Double>,
        stateCotangents: UnsafeMutableBufferPointer<Double>,
        parameterCotangent: UnsafeMutableBufferPointer<Double>
    )

    /// ``evaluateBatch(t:states:count:parameters:into:)`` with state `b` at its own time `times[b]`
    /// (lockstep solves of trajectories with their own step sizes). The default makes one shared-time
    /// call when the field is autonomous, else loops over the states (see `BatchVectorField+LaneTimes.swift`).
    func evaluateBatch(
        times: UnsafeBufferPointer<Double>,
        states: UnsafeBufferPointer<Double>,
        count: Int,
        parameters: UnsafeBufferPointer<Double>,
        into out: UnsafeMutableBufferPointer<Double>
    )

    /// ``vectorJacobianProductBatch(t:states:count:parameters:cotangents:stateCotangents:parameterCotangent:)``
    /// with state `b` at its own time `times[b]`; same defaults as the per-lane-time evaluation.
    func vectorJacobianProductBatch(
        times: UnsafeBufferPointer<Double>,
        states: UnsafeBufferPointer<Double>,
        count: Int,
        parameters: UnsafeBufferPointer<Double>,
        cotangents: UnsafeBufferPointer<Double>,
        stateCotangents: UnsafeMutableBufferPointer<Double>,
        parameterCotangent: UnsafeMutableBufferPointer<Double>
    )
}

extension BatchVectorField {
    @inlinable
    public func evaluateBatch(
        t: Double, states: UnsafeBufferPointer<Double>, count: Int,
        parameters: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>
    ) {
        let n = dimension
        precondition(states.count >= count * n && out.count >= count * n, "evaluateBatch: buffers shorter than count × dimension")
        for b in 0..<count {
            evaluate(t: t, y: UnsafeBufferPointer(rebasing: states[(b * n)..<((b + 1) * n)]), parameters: parameters,
                     into: UnsafeMutableBufferPointer(rebasing: out[(b * n)..<((b + 1) * n)]))
        }
    }

    @inlinable
    public func vectorJacobianProductBatch(
        t: Double, states: UnsafeBufferPointer<Double>, count: Int, parameters: UnsafeBufferPointer<Double>,
        cotangents: UnsafeBufferPointer<Double>, stateCotangents: UnsafeMutableBufferPointer<Double>,
        parameterCotangent: UnsafeMutableBufferPointer<Double>
    ) {
        let n = dimension
        precondition(states.count >= count * n && cotangents.count >= count * n && stateCotangents.count >= count * n,
                     "vectorJacobianProductBatch: buffers shorter than count × dimension")
        for b in 0..<count {
            let lane = (b * n)..<((b + 1) * n)
            vectorJacobianProduct(t: t, y: UnsafeBufferPointer(rebasing: states[lane]), parameters: parameters,
                                  cotangent: UnsafeBufferPointer(rebasing: cotangents[lane]),
                                  stateCotangent: UnsafeMutableBufferPointer(rebasing: stateCotangents[lane]),
                                  parameterCotangent: parameterCotangent)
        }
    }
}
