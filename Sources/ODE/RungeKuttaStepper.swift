/// One explicit Runge–Kutta step at a time, over preallocated buffers.
///
/// `step(t:h:y:parameters:into:)` computes, for `j = 1…s`,
/// `Yⱼ = y + h Σ_{l<j} aⱼₗ kₗ` (kept in `stageInputs`) and `kⱼ = f(t + cⱼh, Yⱼ; p)`
/// (kept in `stages`), then `y⁺ = y + h Σ bⱼ kⱼ`. Nothing is allocated per step, so
/// the same stepper serves `solve`'s inner loop and ACA's replay of one step from a
/// checkpoint `(tᵢ, hᵢ, yᵢ)`, after which `stages` and `stageInputs` hold exactly the
/// values the forward pass used.
///
/// A stepper owns mutable buffers: use one per thread.
public final class RungeKuttaStepper<Field: VectorField> {
    public let field: Field
    public let tableau: ButcherTableau
    /// Length of the state.
    public let dimension: Int
    /// Rows in `stages`/`stageInputs`: the method's stages, then extra dense-output stages.
    public let totalStageCount: Int

    /// `kⱼ`, row-major `totalStageCount × dimension` (row `j` starts at `j·dimension`).
    public let stages: UnsafeMutableBufferPointer<Double>
    /// `Yⱼ`, same layout as `stages`.
    public let stageInputs: UnsafeMutableBufferPointer<Double>

    @usableFromInline let s: Int
    /// Dense `totalStageCount × totalStageCount` coupling matrix (row j: stage j's coefficients).
    @usableFromInline let a: UnsafeMutablePointer<Double>
    @usableFromInline let c: UnsafeMutablePointer<Double>
    @usableFromInline let b: UnsafeMutablePointer<Double>
    /// Error weights `e` and, for DOP853, the secondary weights (zeros when absent).
    @usableFromInline let e: UnsafeMutablePointer<Double>
    @usableFromInline let e2: UnsafeMutablePointer<Double>
    @usableFromInline let hasSecondaryError: Bool
    /// Scratch for error vectors (2 × dimension).
    @usableFromInline let scratch: UnsafeMutablePointer<Double>

    public init(field: Field, tableau: ButcherTableau) {
        self.field = field
        self.tableau = tableau
        let n = field.dimension
        let s = tableau.stageCount
        let extras = tableau.denseOutput.extraStages
        let total = s + extras.count
        self.dimension = n
        self.s = s
        self.totalStageCount = total
        stages = .allocate(capacity: total * n)
        stageInputs = .allocate(capacity: total * n)
        stages.initialize(repeating: 0)
        stageInputs.initialize(repeating: 0)
        a = .allocate(capacity: total * total)
        a.initialize(repeating: 0, count: total * total)
        c = .allocate(capacity: total)
        for j in 0..<s {
            c[j] = tableau.c[j]
            for (l, value) in tableau.a[j].enumerated() { a[j * total + l] = value }
        }
        for (x, extra) in extras.enumerated() {
            c[s + x] = extra.c
            for (l, value) in extra.a.enumerated() { a[(s + x) * total + l] = value }
        }
        b = .allocate(capacity: s)
        e = .allocate(capacity: s)
        e2 = .allocate(capacity: s)
        for j in 0..<s {
            b[j] = tableau.b[j]
            e[j] = tableau.errorWeights?[j] ?? 0
            e2[j] = tableau.secondaryErrorWeights?[j] ?? 0
        }
        hasSecondaryError = tableau.secondaryErrorWeights != nil
        scratch = .allocate(capacity: 2 * max(n, 1))
        scratch.initialize(repeating: 0, count: 2 * max(n, 1))
    }

    deinit {
        stages.deallocate()
        stageInputs.deallocate()
        a.deallocate()
        c.deallocate()
        b.deallocate()
        e.deallocate()
        e2.deallocate()
        scratch.deallocate()
    }

    /// Row `j` of `stages` (`kⱼ`).
    @inlinable public func stage(_ j: Int) -> UnsafeMutablePointer<Double> {
        stages.baseAddress! + j * dimension
    }

    /// Row `j` of `stageInputs` (`Yⱼ`).
    @inlinable public func stageInput(_ j: Int) -> UnsafeMutablePointer<Double> {
        stageInputs.baseAddress! + j * dimension
    }

    /// Evaluates the first stage `k₁ = f(t, y)`; returns the number of evaluations (1).
    @inlinable @discardableResult
    public func evaluateFirstStage(t: Double, y: UnsafeBufferPointer<Double>, parameters: UnsafeBufferPointer<Double>) -> Int {
        let y0 = stageInput(0)
        for i in 0..<dimension { y0[i] = y[i] }
        field.evaluate(t: t, y: UnsafeBufferPointer(start: y0, count: dimension), parameters: parameters,
                       into: UnsafeMutableBufferPointer(start: stage(0), count: dimension))
        return 1
    }

    /// FSAL: after an accepted step the last stage `f(t + h, y⁺)` becomes the next first stage.
    @inlinable public func carryLastStageToFirst() {
        let last = stage(s - 1), first = stage(0)
        for i in 0..<dimension { first[i] = last[i] }
    }

    /// Takes one step of size `h` (negative to go backward) from `(t, y)` and writes
    /// `y⁺` into `yNew`. With `firstStageReady` the first stage (`k₁ = f(t, y)`, e.g.
    /// carried over by FSAL or kept after a rejection) is reused. Returns the number of
    /// evaluations of `f`. Fills `stages[0..<s]` and `stageInputs[0..<s]`.
    @inlinable @discardableResult
    public func step(
        t: Double, h: Double,
        y: UnsafeBufferPointer<Double>,
        parameters: UnsafeBufferPointer<Double>,
        into yNew: UnsafeMutableBufferPointer<Double>,
        firstStageReady: Bool = false
    ) -> Int {
        let n = dimension
        var evaluations = 0
        if firstStageReady {
            let y0 = stageInput(0)
            for i in 0..<n { y0[i] = y[i] }
        } else {
            evaluations += evaluateFirstStage(t: t, y: y, parameters: parameters)
        }
        for j in 1..<max(s, 1) {
            computeStage(j, t: t, h: h, y: y, parameters: parameters)
            evaluations += 1
        }
        let out = yNew.baseAddress!
        if tableau.isFSAL {
            // The last stage input is y⁺ itself (its coupling row is b).
            let last = stageInput(s - 1)
            for i in 0..<n { out[i] = last[i] }
        } else {
            for i in 0..<n { out[i] = y[i] }
            for j in 0..<s where b[j] != 0 {
                let hb = h * b[j], kj = stage(j)
                for i in 0..<n { out[i] += hb * kj[i] }
            }
        }
        return evaluations
    }

    /// `Yⱼ = y + h Σ_{l<j} aⱼₗ kₗ`, `kⱼ = f(t + cⱼh, Yⱼ)`.
    @inlinable
    func computeStage(_ j: Int, t: Double, h: Double, y: UnsafeBufferPointer<Double>, parameters: UnsafeBufferPointer<Double>) {
        let n = dimension
        let yj = stageInput(j)
        for i in 0..<n { yj[i] = y[i] }
        let row = a + j * totalStageCount
        for l in 0..<j where row[l] != 0 {
            let ha = h * row[l], kl = stage(l)
            for i in 0..<n { yj[i] += ha * kl[i] }
        }
        field.evaluate(t: t + c[j] * h, y: UnsafeBufferPointer(start: yj, count: n), parameters: parameters,
                       into: UnsafeMutableBufferPointer(start: stage(j), count: n))
    }

    /// Evaluates the dense-output extra stages (DOP853) of the step just taken from
    /// `(t, y)` with size `h`; returns the number of evaluations.
    @inlinable @discardableResult
    public func computeExtraStages(t: Double, h: Double, y: UnsafeBufferPointer<Double>, parameters: UnsafeBufferPointer<Double>) -> Int {
        for j in s..<totalStageCount { computeStage(j, t: t, h: h, y: y, parameters: parameters) }
        return totalStageCount - s
    }

    /// The controller's error norm of the step just taken: RMS of `h Σ eⱼkⱼ / sc` with
    /// `scᵢ = atol + rtol·max(|yᵢ|, |y⁺ᵢ|)`, or Hairer's combined DOP853 estimate
    /// `‖e₅‖² / √(‖e₅‖² + 0.01‖e₃‖²)` (each RMS-scaled) when there is a secondary estimate.
    /// NaN when the step produced non-finite values.
    @inlinable
    public func errorNorm(h: Double, y: UnsafePointer<Double>, yNew: UnsafePointer<Double>, rtol: Double, atol: Double) -> Double {
        let n = dimension
        let err = scratch, err2 = scratch + n
        for i in 0..<n { err[i] = 0; err2[i] = 0 }
        for j in 0..<s {
            let kj = stage(j)
            let ej = e[j], e2j = e2[j]
            if ej != 0 { for i in 0..<n { err[i] += ej * kj[i] } }
            if e2j != 0 { for i in 0..<n { err2[i] += e2j * kj[i] } }
        }
        var sum = 0.0, sum2 = 0.0
        for i in 0..<n {
            let scale = atol + rtol * max(abs(y[i]), abs(yNew[i]))
            let r = h * err[i] / scale, r2 = h * err2[i] / scale
            sum += r * r
            sum2 += r2 * r2
        }
        if !hasSecondaryError { return (sum / Double(n)).squareRoot() }
        if sum == 0 && sum2 == 0 { return 0 }
        return sum / ((sum + 0.01 * sum2) * Double(n)).squareRoot()
    }
}

extension RungeKuttaStepper {
    /// Convenience for tests and replays: one step from arrays, returning `y⁺`.
    /// Afterwards `stages` and `stageInputs` hold this step's `kⱼ` and `Yⱼ`.
    public func step(t: Double, h: Double, y: [Double], parameters: [Double] = []) -> [Double] {
        var out = [Double](repeating: 0, count: dimension)
        y.withUnsafeBufferPointer { yp in
            parameters.withUnsafeBufferPointer { pp in
                out.withUnsafeMutableBufferPointer { op in _ = step(t: t, h: h, y: yp, parameters: pp, into: op) }
            }
        }
        return out
    }
}
