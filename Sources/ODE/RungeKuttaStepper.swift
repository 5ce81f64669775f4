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
    /// The nonzero entries of each coupling row, in CSR form: row `j`'s stages are
    /// `rowColumns[rowStart[j]..<rowStart[j + 1]]` (as byte offsets of the stage rows in
    /// `stages`, ascending) with values `rowValues[…]`.
    /// Explicit tableaux are sparse (DOP853: 54 of 78 method couplings), and walking only
    /// the nonzeros with one accumulator per component keeps the inner loop in registers.
    @usableFromInline let rowStart: UnsafeMutablePointer<Int>
    @usableFromInline let rowColumns: UnsafeMutablePointer<Int>
    @usableFromInline let rowValues: UnsafeMutablePointer<Double>
    /// Nonzero `b` (for methods that are not FSAL) and error weights, same form.
    @usableFromInline let bColumns: UnsafeMutablePointer<Int>
    @usableFromInline let bValues: UnsafeMutablePointer<Double>
    @usableFromInline let bCount: Int
    /// Stages with a nonzero `e`, and apart those with a nonzero `e2` (DOP853's third-order estimate
    /// uses 3 of the 8 stages the fifth-order one does). A zero weight's term, `(h·0)·k = ±0`, leaves
    /// a sum that starts at +0 unchanged for finite `k`, so skipping it keeps every bit.
    @usableFromInline let errorColumns: UnsafeMutablePointer<Int>
    @usableFromInline let errorValues: UnsafeMutablePointer<Double>
    @usableFromInline let errorCount: Int
    @usableFromInline let error2Columns: UnsafeMutablePointer<Int>
    @usableFromInline let error2Values: UnsafeMutablePointer<Double>
    @usableFromInline let error2Count: Int
    /// Scratch for `h·aⱼₗ` of one row (length `totalStageCount`).
    @usableFromInline let coefficientScratch: UnsafeMutablePointer<Double>

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
        var starts = [0], columns: [Int] = [], values: [Double] = []
        for j in 0..<total {
            for l in 0..<j where a[j * total + l] != 0 {
                columns.append(l * n * MemoryLayout<Double>.stride)
                values.append(a[j * total + l])
            }
            starts.append(columns.count)
        }
        rowStart = .allocate(capacity: starts.count)
        rowStart.initialize(from: starts, count: starts.count)
        rowColumns = .allocate(capacity: max(columns.count, 1))
        rowColumns.initialize(from: columns, count: columns.count)
        rowValues = .allocate(capacity: max(values.count, 1))
        rowValues.initialize(from: values, count: values.count)
        (bColumns, bValues, bCount) = Self.nonzeroTerms(tableau.b, dimension: n)
        (errorColumns, errorValues, errorCount) = Self.nonzeroTerms(tableau.errorWeights, dimension: n)
        (error2Columns, error2Values, error2Count) = Self.nonzeroTerms(tableau.secondaryErrorWeights, dimension: n)
        coefficientScratch = .allocate(capacity: max(total, 1))
        coefficientScratch.initialize(repeating: 0, count: max(total, 1))
    }

    /// The nonzero entries of stage weights (none when nil) in the sparse form of the stage rows:
    /// byte offsets of their stages in `stages` for an `n`-component state, the weights, how many.
    static func nonzeroTerms(_ weights: [Double]?, dimension n: Int)
        -> (columns: UnsafeMutablePointer<Int>, values: UnsafeMutablePointer<Double>, count: Int) {
        let weights = weights ?? [], stages = weights.indices.filter { weights[$0] != 0 }
        let columns = UnsafeMutablePointer<Int>.allocate(capacity: max(stages.count, 1))
        let values = UnsafeMutablePointer<Double>.allocate(capacity: max(stages.count, 1))
        for (q, j) in stages.enumerated() { columns[q] = j * n * MemoryLayout<Double>.stride; values[q] = weights[j] }
        return (columns, values, stages.count)
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
        rowStart.deallocate()
        rowColumns.deallocate()
        rowValues.deallocate()
        bColumns.deallocate()
        bValues.deallocate()
        errorColumns.deallocate()
        errorValues.deallocate()
        error2Columns.deallocate()
        error2Values.deallocate()
        coefficientScratch.deallocate()
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
            combine(count: bCount, columns: bColumns, values: bValues, h: h, y: y.baseAddress!, into: out)
        }
        return evaluations
    }

    /// `Yⱼ = y + h Σ_{l<j} aⱼₗ kₗ`, `kⱼ = f(t + cⱼh, Yⱼ)`.
    @inlinable
    func computeStage(_ j: Int, t: Double, h: Double, y: UnsafeBufferPointer<Double>, parameters: UnsafeBufferPointer<Double>) {
        let n = dimension
        let yj = stageInput(j)
        let start = rowStart[j]
        combine(count: rowStart[j + 1] - start, columns: rowColumns + start, values: rowValues + start,
                h: h, y: y.baseAddress!, into: yj)
        field.evaluate(t: t + c[j] * h, y: UnsafeBufferPointer(start: yj, count: n), parameters: parameters,
                       into: UnsafeMutableBufferPointer(start: stage(j), count: n))
    }

    /// `out = y + Σ_q (h·values[q]) k_q` (or just the sum when `y` is nil), where stage `k_q`
    /// starts `columns[q]` bytes into `stages`. The sum is kept in SIMD registers across all
    /// terms: the state is walked in chunks of 16, then 2, then 1 components (an 18-component
    /// three-body state is one fused 16 + 2 chunk), and the accumulators touch memory only
    /// after the last term — about 25 instructions per term for the whole three-body state
    /// instead of ~90 for a load–add–store sweep per term. Increments are summed before `y`
    /// is added.
    @inlinable
    func combine(count m: Int, columns offsets: UnsafeMutablePointer<Int>, values: UnsafeMutablePointer<Double>,
                 h: Double, y: UnsafePointer<Double>?, into out: UnsafeMutablePointer<Double>) {
        let n = dimension, k = UnsafeRawPointer(stages.baseAddress!)
        let hc = coefficientScratch
        for q in 0..<m { hc[q] = h * values[q] }
        let stride = MemoryLayout<Double>.stride
        var i = 0
        while n &- i >= 16 {
            let base = k + i &* stride
            if n &- i == 18 {
                var acc = SIMD16<Double>(), tail = SIMD2<Double>()
                for q in 0..<m {
                    let c = hc[q], row = base + offsets[q]
                    acc += SIMD16(repeating: c) * row.loadUnaligned(as: SIMD16<Double>.self)
                    tail += SIMD2(repeating: c) * row.loadUnaligned(fromByteOffset: 16 &* stride, as: SIMD2<Double>.self)
                }
                store(acc, y: y, i: i, out: out)
                store(tail, y: y, i: i &+ 16, out: out)
                return
            }
            var acc = SIMD16<Double>()
            for q in 0..<m {
                acc += SIMD16(repeating: hc[q]) * (base + offsets[q]).loadUnaligned(as: SIMD16<Double>.self)
            }
            store(acc, y: y, i: i, out: out)
            i &+= 16
        }
        while n &- i >= 2 {
            var acc = SIMD2<Double>()
            let base = k + i &* stride
            for q in 0..<m {
                acc += SIMD2(repeating: hc[q]) * (base + offsets[q]).loadUnaligned(as: SIMD2<Double>.self)
            }
            store(acc, y: y, i: i, out: out)
            i &+= 2
        }
        if i < n {
            var acc = 0.0
            let base = k + i &* stride
            for q in 0..<m { acc += hc[q] * (base + offsets[q]).loadUnaligned(as: Double.self) }
            out[i] = (y?[i] ?? 0) + acc
        }
    }

    @inlinable @inline(__always)
    func store<V: SIMD>(_ acc: V, y: UnsafePointer<Double>?, i: Int, out: UnsafeMutablePointer<Double>) where V.Scalar == Double {
        let target = UnsafeMutableRawPointer(out + i)
        if let y {
            target.storeBytes(of: UnsafeRawPointer(y + i).loadUnaligned(as: V.self) + acc, as: V.self)
        } else {
            target.storeBytes(of: acc, as: V.self)
        }
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
        combine(count: errorCount, columns: errorColumns, values: errorValues, h: h, y: nil, into: err)
        if hasSecondaryError {
            combine(count: error2Count, columns: error2Columns, values: error2Values, h: h, y: nil, into: err2)
        }
        return Self.scaledErrorNorm(err: err, err2: hasSecondaryError ? UnsafePointer(err2) : nil, stride: 1,
                                    y: y, yNew: yNew, count: n, rtol: rtol, atol: atol)
    }

    /// The norm of ``errorNorm(h:y:yNew:rtol:atol:)`` from error vectors already formed
    /// (`err`, and `err2` for the secondary estimate), every vector read at `stride`
    /// (1 for one state; the lane count for lane-interleaved states, see ``LaneIntegrator``).
    @inlinable @inline(__always)
    public static func scaledErrorNorm(err: UnsafePointer<Double>, err2: UnsafePointer<Double>?, stride: Int,
                                       y: UnsafePointer<Double>, yNew: UnsafePointer<Double>, count n: Int,
                                       rtol: Double, atol: Double) -> Double {
        var sum = 0.0, sum2 = 0.0
        for i in 0..<n {
            let at = i &* stride
            let inverseScale = 1 / (atol + rtol * max(abs(y[at]), abs(yNew[at])))
            let r = err[at] * inverseScale
            sum += r * r
            if let err2 { let r2 = err2[at] * inverseScale; sum2 += r2 * r2 }
        }
        return normFromSums(sum, sum2, secondary: err2 != nil, count: n)
    }

    /// The last step of ``scaledErrorNorm(err:err2:stride:y:yNew:count:rtol:atol:)`` from the sums of
    /// squared scaled errors (`sum2` of the secondary estimate, used when `secondary`).
    @inlinable @inline(__always)
    public static func normFromSums(_ sum: Double, _ sum2: Double, secondary: Bool, count n: Int) -> Double {
        if !secondary { return (sum / Double(n)).squareRoot() }
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
