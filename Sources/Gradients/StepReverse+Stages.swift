import ODE

/// ``StepReverse/reverse(t:h:stageInputs:stages:nextCotangent:parameters:stateCotangent:parameterGradient:trackStepSize:)``
/// (without step-size tracking) split at its VJPs, for a caller that computes the VJPs of many
/// steps at once (the lockstep ACA): ``seed(h:nextCotangent:stateCotangent:)``, then for each row `j`
/// from the last down, when ``stageNeedsVJP(_:)``: the VJP of `f` at `(t + cⱼh, Yⱼ)` with cotangent
/// ``stageCotangent(_:)`` (its `∂/∂p` into the parameter gradient), and ``absorb(_:h:u:stateCotangent:)``
/// with its state part `u`. The same operations in the same order as `reverse`.
extension StepReverse {
    /// Adds `h bⱼ λ` to the stage cotangents and `λ + direct` to `stateCotangent`.
    @inlinable
    func seed(h: Double, nextCotangent: UnsafePointer<Double>, stateCotangent: UnsafeMutablePointer<Double>) {
        for j in 0..<s where b[j] != 0 {
            let hb = h * b[j], g = stageCotangents + j * n
            for i in 0..<n { g[i] += hb * nextCotangent[i] }
        }
        for i in 0..<n { stateCotangent[i] += nextCotangent[i] + directStateCotangent[i] }
    }

    /// The cotangent `gⱼ` on stage row `j` (complete once the rows above it are absorbed).
    @inlinable
    func stageCotangent(_ j: Int) -> UnsafeMutablePointer<Double> { stageCotangents + j * n }

    /// Whether row `j` has a nonzero cotangent (else `reverse` skips its VJP).
    @inlinable
    func stageNeedsVJP(_ j: Int) -> Bool {
        let g = stageCotangents + j * n
        for i in 0..<n where g[i] != 0 { return true }
        return false
    }

    /// After row `j`'s VJP `u = Jⱼᵀ gⱼ`: adds `u` to `stateCotangent` and `h aⱼₗ u` to the earlier rows.
    @inlinable
    func absorb(_ j: Int, h: Double, u: UnsafePointer<Double>, stateCotangent: UnsafeMutablePointer<Double>) {
        vjpCount += 1
        for i in 0..<n { stateCotangent[i] += u[i] }
        let row = a + j * total
        for l in 0..<j where row[l] != 0 {
            let ha = h * row[l], gl = stageCotangents + l * n
            for i in 0..<n { gl[i] += ha * u[i] }
        }
    }
}
