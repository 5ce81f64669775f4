import ODE

/// The reverse sweep through one explicit Runge–Kutta step (DESIGN §3), over
/// preallocated buffers: nothing is allocated per step.
///
/// For a step `Yⱼ = y + h Σ_{l<j} aⱼₗ kₗ`, `kⱼ = f(t + cⱼh, Yⱼ)`, `y⁺ = y + h Σⱼ bⱼ kⱼ`
/// (rows `j ≥ s` are dense-output extra stages), given `λ = ∂L/∂y⁺` and any direct
/// cotangents on the stages (`stageCotangents`, from dense output or the error estimate)
/// and on `y` (`directStateCotangent`), it computes, for `j` from the last row down,
/// `ūⱼ = Jⱼᵀ gⱼ` with `gⱼ = h bⱼ λ + direct + h Σ_{l>j} aₗⱼ ūₗ`, accumulates
/// `(∂f/∂p|Yⱼ)ᵀ gⱼ` into the parameter gradient, and returns `∂L/∂y = λ + direct + Σⱼ ūⱼ`.
/// Stages whose cotangent is exactly zero (dopri5's FSAL stage) cost no VJP.
///
/// With `trackStepSize` it also accumulates `∂L/∂h` and `∂L/∂t` (from dense output, and,
/// for a field that depends on time, from the stage times `t + cⱼh` through `∂f/∂t`),
/// which only the naive method uses.
@usableFromInline
final class StepReverse<Field: DifferentiableVectorField> {
    @usableFromInline let field: Field
    @usableFromInline let tableau: ButcherTableau
    @usableFromInline let n: Int
    @usableFromInline let s: Int
    /// Method stages plus dense-output extra stages.
    @usableFromInline let total: Int
    @usableFromInline let a: UnsafeMutablePointer<Double>  // total × total, dense
    @usableFromInline let b: UnsafeMutablePointer<Double>  // s
    @usableFromInline let c: UnsafeMutablePointer<Double>  // total
    /// `total × n` cotangents on the stages `kⱼ`.
    @usableFromInline let stageCotangents: UnsafeMutablePointer<Double>
    /// Cotangent on the step's start `y` that bypasses the stages (dense output, error scale).
    @usableFromInline let directStateCotangent: UnsafeMutablePointer<Double>
    /// Cotangent on `f(t + h, y⁺)` for a non-FSAL Hermite interpolant.
    @usableFromInline let endSlopeCotangent: UnsafeMutablePointer<Double>
    @usableFromInline var hasEndSlopeCotangent = false
    @usableFromInline let u: UnsafeMutablePointer<Double>
    @usableFromInline let scratch: UnsafeMutablePointer<Double>  // 2n
    @usableFromInline let denseWeights: UnsafeMutablePointer<Double>  // total
    @usableFromInline let denseWeightSlopes: UnsafeMutablePointer<Double>  // total
    @usableFromInline let basis: UnsafeMutablePointer<Double>
    @usableFromInline let basisSlopes: UnsafeMutablePointer<Double>
    /// Accumulated `∂L/∂h` and `∂L/∂t` (only with `trackStepSize`).
    @usableFromInline var stepSizeCotangent = 0.0
    @usableFromInline var timeCotangent = 0.0
    /// VJPs and evaluations of `f` done here.
    @usableFromInline var vjpCount = 0
    /// The field as a source of `∂f/∂t`, when it depends on time and supplies it (nil for
    /// autonomous fields: their stage times carry no gradient).
    @usableFromInline let timeField: (any TimeDifferentiableVectorField)?
    /// `∂f/∂t` at one stage (n).
    @usableFromInline let timeSlope: UnsafeMutablePointer<Double>
    @usableFromInline var evaluationCount = 0

    @usableFromInline
    init(field: Field, tableau: ButcherTableau) {
        self.field = field
        self.tableau = tableau
        n = field.dimension
        timeField = field.isAutonomous ? nil : field as? any TimeDifferentiableVectorField
        timeSlope = .allocate(capacity: field.dimension)
        timeSlope.initialize(repeating: 0, count: field.dimension)
        s = tableau.stageCount
        let extras = tableau.denseOutput.extraStages
        total = s + extras.count
        a = .allocate(capacity: total * total)
        a.initialize(repeating: 0, count: total * total)
        b = .allocate(capacity: s)
        c = .allocate(capacity: total)
        for j in 0..<s {
            b[j] = tableau.b[j]
            c[j] = tableau.c[j]
            for (l, value) in tableau.a[j].enumerated() { a[j * total + l] = value }
        }
        for (x, extra) in extras.enumerated() {
            c[s + x] = extra.c
            for (l, value) in extra.a.enumerated() { a[(s + x) * total + l] = value }
        }
        stageCotangents = .allocate(capacity: total * n)
        stageCotangents.initialize(repeating: 0, count: total * n)
        directStateCotangent = .allocate(capacity: n)
        directStateCotangent.initialize(repeating: 0, count: n)
        endSlopeCotangent = .allocate(capacity: n)
        endSlopeCotangent.initialize(repeating: 0, count: n)
        u = .allocate(capacity: n)
        u.initialize(repeating: 0, count: n)
        scratch = .allocate(capacity: 2 * n)
        scratch.initialize(repeating: 0, count: 2 * n)
        denseWeights = .allocate(capacity: total)
        denseWeights.initialize(repeating: 0, count: total)
        denseWeightSlopes = .allocate(capacity: total)
        denseWeightSlopes.initialize(repeating: 0, count: total)
        let degree = max(tableau.denseOutput.degree, 1)
        basis = .allocate(capacity: degree)
        basis.initialize(repeating: 0, count: degree)
        basisSlopes = .allocate(capacity: degree)
        basisSlopes.initialize(repeating: 0, count: degree)
    }

    deinit {
        a.deallocate(); b.deallocate(); c.deallocate()
        stageCotangents.deallocate(); directStateCotangent.deallocate(); endSlopeCotangent.deallocate()
        u.deallocate(); scratch.deallocate(); timeSlope.deallocate()
        denseWeights.deallocate(); denseWeightSlopes.deallocate(); basis.deallocate(); basisSlopes.deallocate()
    }

    /// Bytes of the buffers this object holds.
    @usableFromInline var bytes: Int { 8 * (total * total + s + total + total * n + 6 * n + 2 * total + 2 * max(tableau.denseOutput.degree, 1)) }

    /// Clears the per-step cotangents; call before adding direct cotangents for a new step.
    @inlinable
    func begin() {
        for i in 0..<(total * n) { stageCotangents[i] = 0 }
        for i in 0..<n { directStateCotangent[i] = 0 }
        if hasEndSlopeCotangent { for i in 0..<n { endSlopeCotangent[i] = 0 } }
        hasEndSlopeCotangent = false
        stepSizeCotangent = 0
        timeCotangent = 0
    }

    @inlinable
    static func dot(_ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>, _ n: Int) -> Double {
        var sum = 0.0
        for i in 0..<n { sum += x[i] * y[i] }
        return sum
    }

    /// Adds the cotangent `mu` of the dense output at `θ` inside the step `(t, h)` from `y`
    /// to `yNext`, with stages `stages` (the extra stages already computed for a polynomial
    /// interpolant that has them). `nextCotangent` is `∂L/∂y⁺` (Hermite's `y⁺` term goes there).
    /// With `trackStepSize`, also `∂/∂h` and `∂/∂t` through `θ = (τ − t)/h`; a non-FSAL Hermite
    /// interpolant then evaluates `f(t + h, y⁺)` once.
    @inlinable
    func addDenseCotangent(
        theta: Double, t: Double, h: Double, mu: UnsafePointer<Double>,
        y: UnsafePointer<Double>, yNext: UnsafePointer<Double>, stages: UnsafePointer<Double>,
        nextCotangent: UnsafeMutablePointer<Double>, parameters: UnsafeBufferPointer<Double>, trackStepSize: Bool
    ) {
        let dense = tableau.denseOutput
        switch dense.kind {
        case .polynomial:
            let degree = dense.degree, rows = total
            dense.basis.values(theta: theta, count: degree, into: basis)
            if trackStepSize { Self.basisSlopes(dense.basis, theta: theta, count: degree, into: basisSlopes) }
            dense.weights.withUnsafeBufferPointer { w in
                for j in 0..<rows {
                    var wj = 0.0, wj1 = 0.0
                    for r in 0..<degree {
                        wj += w[j * degree + r] * basis[r]
                        if trackStepSize { wj1 += w[j * degree + r] * basisSlopes[r] }
                    }
                    denseWeights[j] = wj
                    denseWeightSlopes[j] = wj1
                }
            }
            for i in 0..<n { directStateCotangent[i] += mu[i] }
            for j in 0..<rows {
                let hw = h * denseWeights[j]
                if hw != 0 {
                    let g = stageCotangents + j * n
                    for i in 0..<n { g[i] += hw * mu[i] }
                }
                if trackStepSize {
                    let muK = Self.dot(mu, stages + j * n, n)
                    // y(τ) = y + h Σ wⱼ(θ) kⱼ with θ = (τ − t)/h: ∂θ/∂h = −θ/h, ∂θ/∂t = −1/h.
                    stepSizeCotangent += (denseWeights[j] - theta * denseWeightSlopes[j]) * muK
                    timeCotangent -= denseWeightSlopes[j] * muK
                }
            }
        case .cubicHermite:
            let t2 = theta * theta, t3 = t2 * theta
            let h00 = 2 * t3 - 3 * t2 + 1, h01 = 3 * t2 - 2 * t3
            let g10 = t3 - 2 * t2 + theta, g11 = t3 - t2
            for i in 0..<n {
                directStateCotangent[i] += h00 * mu[i]
                nextCotangent[i] += h01 * mu[i]
            }
            let g0 = stageCotangents
            for i in 0..<n { g0[i] += h * g10 * mu[i] }
            let f0 = stages
            var f1: UnsafePointer<Double>
            if tableau.isFSAL {
                let g1 = stageCotangents + (s - 1) * n
                for i in 0..<n { g1[i] += h * g11 * mu[i] }
                f1 = stages + (s - 1) * n
            } else {
                for i in 0..<n { endSlopeCotangent[i] += h * g11 * mu[i] }
                hasEndSlopeCotangent = true
                f1 = UnsafePointer(scratch)
                if trackStepSize {
                    field.evaluate(t: t + h, y: UnsafeBufferPointer(start: yNext, count: n), parameters: parameters,
                                   into: UnsafeMutableBufferPointer(start: scratch, count: n))
                    evaluationCount += 1
                }
            }
            if trackStepSize {
                let muF0 = Self.dot(mu, f0, n), muF1 = Self.dot(mu, f1, n)
                let muY0 = Self.dot(mu, y, n), muY1 = Self.dot(mu, yNext, n)
                let slope = (6 * t2 - 6 * theta) * muY0 + (6 * theta - 6 * t2) * muY1
                    + h * (3 * t2 - 4 * theta + 1) * muF0 + h * (3 * t2 - 2 * theta) * muF1
                stepSizeCotangent += g10 * muF0 + g11 * muF1 - theta / h * slope
                timeCotangent -= slope / h
            }
        }
    }

    /// `vᵀ ∂f/∂t` at `(t, y)` (0 without ``timeField``).
    @inlinable
    func timeSlopeDot(t: Double, y: UnsafePointer<Double>, cotangent v: UnsafePointer<Double>,
                       parameters: UnsafeBufferPointer<Double>) -> Double {
        guard let timeField else { return 0 }
        timeField.timeDerivative(t: t, y: UnsafeBufferPointer(start: y, count: n), parameters: parameters,
                                 into: UnsafeMutableBufferPointer(start: timeSlope, count: n))
        evaluationCount += 1
        return Self.dot(v, timeSlope, n)
    }

    /// `dBᵣ/dθ` for the dense-output basis.
    @inlinable
    static func basisSlopes(_ basis: DenseOutput.Basis, theta: Double, count: Int, into out: UnsafeMutablePointer<Double>) {
        for r in 0..<count {
            switch basis {
            case .monomial:
                var value = Double(r + 1)
                for _ in 0..<r { value *= theta }
                out[r] = value
            case .alternating:
                let p = r / 2 + 1, q = (r + 1) / 2
                func power(_ x: Double, _ e: Int) -> Double { var v = 1.0; for _ in 0..<max(e, 0) { v *= x }; return v }
                var value = Double(p) * power(theta, p - 1) * power(1 - theta, q)
                if q > 0 { value -= Double(q) * power(theta, p) * power(1 - theta, q - 1) }
                out[r] = value
            }
        }
    }

    /// Before `reverse`: pushes a non-FSAL Hermite end-slope cotangent through
    /// `f(t + h, y⁺)` into `nextCotangent` and the parameter gradient (and, with `trackStepSize`,
    /// through its time argument into `∂L/∂t` and `∂L/∂h`).
    @inlinable
    func flushEndSlope(tNext: Double, yNext: UnsafePointer<Double>, nextCotangent: UnsafeMutablePointer<Double>,
                       parameters: UnsafeBufferPointer<Double>, parameterGradient: UnsafeMutablePointer<Double>,
                       trackStepSize: Bool = false) {
        guard hasEndSlopeCotangent else { return }
        field.vectorJacobianProduct(
            t: tNext, y: UnsafeBufferPointer(start: yNext, count: n), parameters: parameters,
            cotangent: UnsafeBufferPointer(start: endSlopeCotangent, count: n),
            stateCotangent: UnsafeMutableBufferPointer(start: nextCotangent, count: n),
            parameterCotangent: UnsafeMutableBufferPointer(start: parameterGradient, count: parameters.count))
        vjpCount += 1
        guard trackStepSize else { return }
        // f is evaluated at t + h: its time slope moves both t and h.
        let slope = timeSlopeDot(t: tNext, y: yNext, cotangent: endSlopeCotangent, parameters: parameters)
        stepSizeCotangent += slope
        timeCotangent += slope
    }

    /// The sweep: `stateCotangent += ∂L/∂y` given `nextCotangent = ∂L/∂y⁺` (read only) and
    /// the direct cotangents added since `begin()`; `parameterGradient += ∂L/∂p`.
    /// `stageInputs`/`stages` are the step's `Yⱼ`/`kⱼ` (`total × n`, row-major).
    @inlinable
    func reverse(
        t: Double, h: Double, stageInputs: UnsafePointer<Double>, stages: UnsafePointer<Double>,
        nextCotangent: UnsafePointer<Double>, parameters: UnsafeBufferPointer<Double>,
        stateCotangent: UnsafeMutablePointer<Double>, parameterGradient: UnsafeMutablePointer<Double>,
        trackStepSize: Bool
    ) {
        let n = self.n, m = parameters.count
        for j in 0..<s where b[j] != 0 {
            let hb = h * b[j], g = stageCotangents + j * n
            for i in 0..<n { g[i] += hb * nextCotangent[i] }
            if trackStepSize { stepSizeCotangent += b[j] * Self.dot(nextCotangent, stages + j * n, n) }
        }
        for i in 0..<n { stateCotangent[i] += nextCotangent[i] + directStateCotangent[i] }
        var j = total - 1
        while j >= 0 {
            let g = stageCotangents + j * n
            var nonZero = false
            for i in 0..<n where g[i] != 0 { nonZero = true; break }
            if nonZero {
                for i in 0..<n { u[i] = 0 }
                field.vectorJacobianProduct(
                    t: t + c[j] * h, y: UnsafeBufferPointer(start: stageInputs + j * n, count: n), parameters: parameters,
                    cotangent: UnsafeBufferPointer(start: g, count: n),
                    stateCotangent: UnsafeMutableBufferPointer(start: u, count: n),
                    parameterCotangent: UnsafeMutableBufferPointer(start: parameterGradient, count: m))
                vjpCount += 1
                if trackStepSize && timeField != nil {
                    // kⱼ = f(t + cⱼh, Yⱼ): ∂/∂t = ∂f/∂t, ∂/∂h = cⱼ ∂f/∂t.
                    let slope = timeSlopeDot(t: t + c[j] * h, y: stageInputs + j * n, cotangent: g, parameters: parameters)
                    timeCotangent += slope
                    stepSizeCotangent += c[j] * slope
                }
                for i in 0..<n { stateCotangent[i] += u[i] }
                let row = a + j * total
                for l in 0..<j where row[l] != 0 {
                    let ha = h * row[l], gl = stageCotangents + l * n
                    for i in 0..<n { gl[i] += ha * u[i] }
                    if trackStepSize { stepSizeCotangent += row[l] * Self.dot(u, stages + l * n, n) }
                }
            }
            j -= 1
        }
    }
}
