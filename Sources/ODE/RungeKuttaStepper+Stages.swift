/// Stage-by-stage pieces of ``RungeKuttaStepper/step(t:h:y:parameters:into:firstStageReady:)`` for
/// callers that evaluate the field themselves, many steppers at once (``solveLockstep(_:jobs:parameters:method:controller:)``
/// and the lockstep ACA replay): form `Yⱼ`, evaluate `kⱼ = f(t + cⱼh, Yⱼ)` elsewhere into ``stage(_:)``,
/// then form `y⁺`. The arithmetic is `step`'s, in its order, so the same stages come out.
extension RungeKuttaStepper {
    /// The method's stages `s` (rows of a step without the dense-output extra stages).
    @inlinable package var methodStageCount: Int { s }

    /// Writes `Yⱼ = y + h Σ_{l<j} aⱼₗ kₗ` into ``stageInput(_:)`` row `j` (`y` itself for `j = 0`);
    /// rows `l < j` of ``stages`` must hold `kₗ`.
    @inlinable package func formStageInput(_ j: Int, h: Double, y: UnsafePointer<Double>) {
        let yj = stageInput(j)
        if j == 0 {
            for i in 0..<dimension { yj[i] = y[i] }
            return
        }
        let start = rowStart[j]
        combine(count: rowStart[j + 1] - start, columns: rowColumns + start, values: rowValues + start, h: h, y: y, into: yj)
    }

    /// The time of stage `j`, `t + cⱼh`, as `step` computes it.
    @inlinable package func stageTime(_ j: Int, t: Double, h: Double) -> Double { t + c[j] * h }

    /// `y⁺` of the step whose method stages are in ``stages``: the last stage input for FSAL methods,
    /// else `y + h Σ bⱼkⱼ`.
    @inlinable package func formEndState(h: Double, y: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>) {
        if tableau.isFSAL {
            let last = stageInput(s - 1)
            for i in 0..<dimension { out[i] = last[i] }
        } else {
            combine(count: bCount, columns: bColumns, values: bValues, h: h, y: y, into: out)
        }
    }
}
