/// Per-lane times for ``BatchVectorField`` (issue 13 (b): lockstep groups of trajectories that keep
/// their own step sizes, so every lane sits at its own `t`).
///
/// An autonomous field ignores `t`, so the lanes are one shared-time batched call (the matrix–matrix
/// kernel of ``MLPVectorField`` without a time input); a field that depends on time is evaluated
/// lane by lane through the single-state methods. Either way the results equal the single-state
/// methods as the shared-time batch methods do (to rounding; bit for bit for the looping defaults).
extension BatchVectorField {
    @inlinable
    public func evaluateBatch(
        times: UnsafeBufferPointer<Double>, states: UnsafeBufferPointer<Double>, count: Int,
        parameters: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>
    ) {
        guard count > 0 else { return }
        precondition(times.count >= count, "evaluateBatch(times:): \(times.count) times for \(count) states")
        if isAutonomous {
            evaluateBatch(t: times[0], states: states, count: count, parameters: parameters, into: out)
            return
        }
        let n = dimension
        precondition(states.count >= count * n && out.count >= count * n, "evaluateBatch(times:): buffers shorter than count × dimension")
        for b in 0..<count {
            evaluate(t: times[b], y: UnsafeBufferPointer(rebasing: states[(b * n)..<((b + 1) * n)]), parameters: parameters,
                     into: UnsafeMutableBufferPointer(rebasing: out[(b * n)..<((b + 1) * n)]))
        }
    }

    @inlinable
    public func vectorJacobianProductBatch(
        times: UnsafeBufferPointer<Double>, states: UnsafeBufferPointer<Double>, count: Int,
        parameters: UnsafeBufferPointer<Double>, cotangents: UnsafeBufferPointer<Double>,
        stateCotangents: UnsafeMutableBufferPointer<Double>, parameterCotangent: UnsafeMutableBufferPointer<Double>
    ) {
        guard count > 0 else { return }
        precondition(times.count >= count, "vectorJacobianProductBatch(times:): \(times.count) times for \(count) states")
        if isAutonomous {
            vectorJacobianProductBatch(t: times[0], states: states, count: count, parameters: parameters, cotangents: cotangents,
                                       stateCotangents: stateCotangents, parameterCotangent: parameterCotangent)
            return
        }
        let n = dimension
        precondition(states.count >= count * n && cotangents.count >= count * n && stateCotangents.count >= count * n,
                     "vectorJacobianProductBatch(times:): buffers shorter than count × dimension")
        for b in 0..<count {
            let lane = (b * n)..<((b + 1) * n)
            vectorJacobianProduct(t: times[b], y: UnsafeBufferPointer(rebasing: states[lane]), parameters: parameters,
                                  cotangent: UnsafeBufferPointer(rebasing: cotangents[lane]),
                                  stateCotangent: UnsafeMutableBufferPointer(rebasing: stateCotangents[lane]),
                                  parameterCotangent: parameterCotangent)
        }
    }
}
