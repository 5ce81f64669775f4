/// The batched stage evaluation of a lockstep group: lanes with their own steppers, times and step
/// sizes have stage `j` formed in their own stepper, gathered into one `count × dimension` block,
/// evaluated by one ``BatchVectorField/evaluateBatch(times:states:count:parameters:into:)`` (a
/// matrix–matrix product for a neural field) and scattered back into each stepper's `kⱼ`.
///
/// Used by ``solveLockstep(_:jobs:parameters:method:controller:)`` and by the lockstep ACA replay.
/// Owns its buffers (sized for `capacity` lanes): one per thread; nothing is allocated per stage.
@usableFromInline
package final class LockstepStages<Field: BatchVectorField> {
    @usableFromInline let field: Field
    @usableFromInline let n: Int
    @usableFromInline let capacity: Int
    /// Gathered `Yⱼ`, the batch's output, per-lane stage times; and cotangent scratch for VJPs.
    @usableFromInline package let states: UnsafeMutablePointer<Double>
    @usableFromInline package let out: UnsafeMutablePointer<Double>
    @usableFromInline package let times: UnsafeMutablePointer<Double>
    @usableFromInline package let cotangents: UnsafeMutablePointer<Double>

    @usableFromInline
    package init(field: Field, capacity: Int) {
        self.field = field
        n = field.dimension
        self.capacity = max(capacity, 1)
        let size = self.capacity * max(n, 1)
        states = .allocate(capacity: size); states.initialize(repeating: 0, count: size)
        out = .allocate(capacity: size); out.initialize(repeating: 0, count: size)
        cotangents = .allocate(capacity: size); cotangents.initialize(repeating: 0, count: size)
        times = .allocate(capacity: self.capacity); times.initialize(repeating: 0, count: self.capacity)
    }

    deinit { states.deallocate(); out.deallocate(); times.deallocate(); cotangents.deallocate() }

    /// Stage `j` of the step `(t[b], h[b])` from `y[b]` for each lane `b` in `lanes` (indices into the
    /// per-lane arrays): forms `Yⱼ` in `steppers[b]`, evaluates all lanes at once, writes `kⱼ` back.
    @inlinable
    package func evaluate(stage j: Int, lanes: [Int], steppers: [RungeKuttaStepper<Field>], t: [Double], h: [Double],
                          y: [UnsafePointer<Double>], parameters: UnsafeBufferPointer<Double>) {
        let count = lanes.count
        precondition(count <= capacity, "LockstepStages: \(count) lanes, capacity \(capacity)")
        guard count > 0 else { return }
        for a in 0..<count {
            let b = lanes[a], stepper = steppers[b]
            stepper.formStageInput(j, h: h[b], y: y[b])
            let yj = stepper.stageInput(j), target = states + a &* n
            for i in 0..<n { target[i] = yj[i] }
            times[a] = stepper.stageTime(j, t: t[b], h: h[b])
        }
        field.evaluateBatch(times: UnsafeBufferPointer(start: times, count: count),
                            states: UnsafeBufferPointer(start: states, count: count * n), count: count,
                            parameters: parameters, into: UnsafeMutableBufferPointer(start: out, count: count * n))
        for a in 0..<count {
            let k = steppers[lanes[a]].stage(j), source = out + a &* n
            for i in 0..<n { k[i] = source[i] }
        }
    }
}
