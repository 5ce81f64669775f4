extension Solution {
    /// The solution at each of `queryTimes` (any sorted set, regular or irregular, in the
    /// direction of integration, inside the solved span) from each step's own interpolant.
    /// Returns row-major `queryTimes.count × dimension`. Times equal to a step end return
    /// the stored state exactly. Needs `storeDenseOutput`.
    public func evaluate(at queryTimes: [Double]) throws(ODEError) -> [Double] {
        guard let t0 = times.first, let tEnd = times.last else { return [] }
        try validateTimes(queryTimes, name: "queryTimes", t0: t0, t1: tEnd)
        guard hasDenseOutput else { throw .invalidInput(.denseOutputNotStored) }
        let n = dimension
        var out = [Double](repeating: 0, count: queryTimes.count * n)
        let direction: Double = tEnd >= t0 ? 1 : -1
        let perStep = storedStageCount * n
        var step = 0  // candidate step: [times[step], times[step + 1]]
        states.withUnsafeBufferPointer { y in
            denseStages.withUnsafeBufferPointer { k in
                out.withUnsafeMutableBufferPointer { o in
                    for (q, tau) in queryTimes.enumerated() {
                        let target = o.baseAddress! + q * n
                        while step < stepCount && direction * (tau - times[step + 1]) > 0 { step += 1 }
                        if step == stepCount || tau == times[step + 1] {
                            let i = min(step + 1, stepCount)
                            for d in 0..<n { target[d] = y[i * n + d] }
                        } else if tau == times[step] {
                            for d in 0..<n { target[d] = y[step * n + d] }
                        } else {
                            let h = stepSizes[step]
                            tableau.denseOutput.interpolate(
                                theta: (tau - times[step]) / h, h: h, dimension: n,
                                y0: y.baseAddress! + step * n, y1: y.baseAddress! + (step + 1) * n,
                                stages: k.baseAddress! + step * perStep, into: target)
                        }
                    }
                }
            }
        }
        return out
    }
}

/// Checks that `times` are finite, sorted in the direction `t0 → t1`, and inside the span.
@usableFromInline
func validateTimes(_ times: [Double], name: String, t0: Double, t1: Double) throws(ODEError) {
    let direction: Double = t1 >= t0 ? 1 : -1
    let lo = min(t0, t1), hi = max(t0, t1)
    for (i, t) in times.enumerated() {
        guard t.isFinite else { throw .invalidInput(.nonFiniteTime(name: "\(name)[\(i)]", value: t)) }
        guard t >= lo, t <= hi else { throw .invalidInput(.timeOutsideSpan(name: name, time: t, t0: t0, t1: t1)) }
        if i > 0, direction * (t - times[i - 1]) < 0 { throw .invalidInput(.timesNotSorted(name: name, index: i)) }
    }
}
