import LaneKernels

extension LaneIntegrator {
    /// Stages `2…s` of one trial step in every lane (of `w`) from `y`, `k₁` (in `stages` row 0)
    /// and each lane's `t`, `h` (in `scalars`), then the error vectors into `err`; returns where
    /// `y⁺` is (the last stage input for FSAL methods).
    @inlinable
    func trialStages(width w: Int) -> UnsafeMutablePointer<Double> {
        let stepper = template, t = scalars, h = scalars + 8, stageTime = scalars + 16
        for j in 1..<s {
            let start = stepper.rowStart[j]
            let yj = stageInputs + j * n * w, kj = stages + j * n * w
            combine(width: w, count: stepper.rowStart[j + 1] - start, columns: stepper.rowColumns + start,
                    values: stepper.rowValues + start, y: y, into: yj)
            let c = stepper.c[j]
            if w == 4 {
                let tl = UnsafeRawPointer(t).load(as: Lanes.self), hl = UnsafeRawPointer(h).load(as: Lanes.self)
                field.evaluateLanes(t: tl + Lanes(repeating: c) * hl, y: lanes(yj), parameters: lanes(parameters), into: lanes(kj))
            } else {
                // Lane by lane the same IEEE operations as the SIMD expression above.
                for l in 0..<w { stageTime[l] = t[l] + c * h[l] }
                field.evaluateWideLanes(t: stageTime, y: yj, parameters: parameters, into: kj)
            }
        }
        var out = yNew
        if tableau.isFSAL {
            out = stageInputs + (s - 1) * n * w
        } else {
            combine(width: w, count: stepper.bCount, columns: stepper.bColumns, values: stepper.bValues, y: y, into: yNew)
        }
        combine(width: w, count: stepper.errorCount, columns: stepper.errorColumns, values: stepper.errorValues, y: nil, into: err)
        if stepper.hasSecondaryError {
            combine(width: w, count: stepper.error2Count, columns: stepper.error2Columns, values: stepper.error2Values, y: nil,
                    into: err + n * w)
        }
        return out
    }

    /// The buffer as four-lane vectors (allocated as `Lanes`, so this is its own type).
    @inlinable @inline(__always)
    func lanes(_ p: UnsafeMutablePointer<Double>) -> UnsafeMutablePointer<Lanes> {
        UnsafeMutableRawPointer(p).assumingMemoryBound(to: Lanes.self)
    }

    /// Sums of squared scaled errors per lane (``RungeKuttaStepper/scaledErrorNorm(err:err2:stride:y:yNew:count:rtol:atol:)``
    /// before its last step) by the AVX kernels; the Swift kernels compute the norm per lane instead.
    @inlinable
    func errorSums(width w: Int, yNew out: UnsafeMutablePointer<Double>, into sums: UnsafeMutablePointer<Double>,
                   _ sums2: UnsafeMutablePointer<Double>) {
        let secondary: UnsafeMutablePointer<Double>? = template.hasSecondaryError ? err + w * n : nil
        switch kernels {
        case .avx512:
            orrery_lanes_error_sums_avx512(n, err, secondary, y, out, controller.relativeTolerance, controller.absoluteTolerance,
                                           sums, sums2)
        case .avx2:
            orrery_lanes_error_sums_avx2(n, err, secondary, y, out, controller.relativeTolerance, controller.absoluteTolerance,
                                         sums, sums2)
        case .swift:
            break
        }
    }

    /// `out = y + Σ_q (h·values[q]) k_q` lane by lane (just the sum when `y` is nil), with the
    /// stepper's operation order: each product `(h·a)·k` added to an accumulator starting at
    /// zero in term order, `y` added last. `columns` are byte offsets of the stage rows of one
    /// state, so the lane rows are `w` times further.
    @inlinable @inline(__always)
    func combine(width w: Int, count m: Int, columns: UnsafeMutablePointer<Int>, values: UnsafeMutablePointer<Double>,
                 y: UnsafeMutablePointer<Double>?, into out: UnsafeMutablePointer<Double>) {
        let h = scalars + 8
        switch kernels {
        case .avx512:
            orrery_lanes_combine_avx512(n, m, columns, values, h, stages, y, out)
            return
        case .avx2:
            orrery_lanes_combine_avx2(n, m, columns, values, h, stages, y, out)
            return
        case .swift:
            break
        }
        let hl = UnsafeRawPointer(h).load(as: Lanes.self), out = lanes(out), y = y.map { lanes($0) }
        let base = UnsafeRawPointer(stages)
        for q in 0..<m {
            coefficients[q] = hl * Lanes(repeating: values[q])
            rows[q] = (base + columns[q] &* Lanes.scalarCount).assumingMemoryBound(to: Lanes.self)
        }
        var i = 0
        while n &- i >= 6 {
            var a0 = Lanes(), a1 = Lanes(), a2 = Lanes(), a3 = Lanes(), a4 = Lanes(), a5 = Lanes()
            for q in 0..<m {
                let c = coefficients[q], k = rows[q] + i
                a0 += c * k[0]; a1 += c * k[1]; a2 += c * k[2]; a3 += c * k[3]; a4 += c * k[4]; a5 += c * k[5]
            }
            if let y {
                out[i] = y[i] + a0; out[i &+ 1] = y[i &+ 1] + a1; out[i &+ 2] = y[i &+ 2] + a2
                out[i &+ 3] = y[i &+ 3] + a3; out[i &+ 4] = y[i &+ 4] + a4; out[i &+ 5] = y[i &+ 5] + a5
            } else {
                out[i] = a0; out[i &+ 1] = a1; out[i &+ 2] = a2; out[i &+ 3] = a3; out[i &+ 4] = a4; out[i &+ 5] = a5
            }
            i &+= 6
        }
        while i < n {
            var acc = Lanes()
            for q in 0..<m { acc += coefficients[q] * rows[q][i] }
            out[i] = y.map { $0[i] + acc } ?? acc
            i &+= 1
        }
    }
}
