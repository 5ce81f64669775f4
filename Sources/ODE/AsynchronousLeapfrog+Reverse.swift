extension AsynchronousLeapfrog where Field: DifferentiableVectorField {
    /// The vector–Jacobian product of one ALF step (MALI's local backward, Zhuang et al. 2021,
    /// Algorithm 4): maps the cotangents `(λz⁺, λv⁺)` of the step's end, in place, to those of its
    /// start `(λz, λv)`, and accumulates `λuᵀ ∂f/∂p` into `parameterGradient`. The chain, from
    /// `z⁺ = z½ + (h/2)v⁺`, `v⁺ = (1 − 2η)v + 2η·u`, `u = f(t + h/2, z½)`, `z½ = z + (h/2)v`:
    ///
    ///     μ = λv⁺ + (h/2)·λz⁺,   λu = 2η·μ,   λz = λz⁺ + (∂f/∂z)ᵀλu,   λv = (1 − 2η)·μ + (h/2)·λz
    ///
    /// One VJP of `f`, at the midpoint `zHalf` (the forward's, or the inverse's reconstruction).
    /// `scratch` holds `dimension` doubles. Allocates nothing.
    @inlinable
    public func reverseStep(t: Double, h: Double, zHalf: UnsafePointer<Double>, parameters: UnsafeBufferPointer<Double>,
                            lambdaZ: UnsafeMutablePointer<Double>, lambdaV: UnsafeMutablePointer<Double>,
                            scratch lambdaU: UnsafeMutablePointer<Double>,
                            parameterGradient: UnsafeMutableBufferPointer<Double>) {
        let n = field.dimension, half = 0.5 * h, twoEta = 2 * eta
        for i in 0..<n {
            let mu = lambdaV[i] + half * lambdaZ[i]
            lambdaU[i] = twoEta * mu
            lambdaV[i] = (1 - twoEta) * mu
        }
        field.vectorJacobianProduct(
            t: t + half, y: UnsafeBufferPointer(start: zHalf, count: n), parameters: parameters,
            cotangent: UnsafeBufferPointer(start: lambdaU, count: n),
            stateCotangent: UnsafeMutableBufferPointer(start: lambdaZ, count: n), parameterCotangent: parameterGradient)
        for i in 0..<n { lambdaV[i] += half * lambdaZ[i] }
    }
}
