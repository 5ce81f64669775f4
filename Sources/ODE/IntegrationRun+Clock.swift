/// Saves at the values of a clock component (``SolveOptions/clock``): a field written in a
/// fictitious time `s` carries the physical time as a state component, and the run saves where
/// that component's dense output equals each save time, then ends.
extension IntegrationRun {
    /// Whether the solve is over: `t1` reached, or with a clock, every save made.
    @inlinable var isFinished: Bool { t == t1 || (clock != nil && saveIndex == saveAt.count) }

    /// Where a save stands against a step ending at `tNew` (with a clock: at the clock value `yNew[clock]`).
    @inlinable @inline(__always)
    func saveValue(endingAt tNew: Double) -> Double {
        if let clock { return yNew[clock] }
        return tNew
    }

    /// Whether the accepted step ending at `tNew` (state in `yNew`) contains the next save.
    @inlinable
    func savesInStep(endingAt tNew: Double) -> Bool {
        saveIndex < saveAt.count && direction * (saveAt[saveIndex] - saveValue(endingAt: tNew)) <= 0
    }

    /// The fraction θ ∈ (0, 1) of the accepted step `[t, t + h]` at which the dense output's clock
    /// component equals `tau`, given `y[clock] < tau < yNew[clock]`. It starts from the quadratic
    /// through the clock's two ends and its rate `h·k₁[clock]` at the start, then takes secant steps,
    /// falling back to regula falsi (Illinois variant) whenever one would leave the bracket; it stops
    /// within 2 ulp of `tau` or when θ moves by less than 4 ulp of 1 (typically 3–4 interpolations).
    ///
    /// The clock's interpolant is first gathered into its polynomial `c₀ + Σ_r P_r b_r(θ)` (one pass
    /// over the stages), so that each trial θ costs `degree` operations instead of a pass.
    @inlinable
    func clockFraction(_ tau: Double, clock: Int, h: Double, dense: DenseOutput, stages: UnsafePointer<Double>) -> Double {
        let c0 = y[clock]
        guard dense.kind == .polynomial else {
            return clockRoot(tau, clock: clock, h: h, stages: stages) {
                dense.hermiteComponent(theta: $0, h: h, dimension: self.n, component: clock, y0: self.y, y1: self.yNew, stages: stages)
            }
        }
        let degree = dense.degree, rows = dense.weights.count / degree
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * degree) { buffer in
            let p = buffer.baseAddress!, basis = p + degree
            for r in 0..<degree { p[r] = 0 }
            dense.weights.withUnsafeBufferPointer { w in
                for j in 0..<rows {
                    let hk = h * stages[j * n + clock]
                    if hk == 0 { continue }
                    for r in 0..<degree { p[r] += w[j * degree + r] * hk }
                }
            }
            return clockRoot(tau, clock: clock, h: h, stages: stages) { theta in
                dense.basis.values(theta: theta, count: degree, into: basis)
                var value = 0.0
                for r in 0..<degree { value += p[r] * basis[r] }
                return c0 + value
            }
        }
    }

    /// The root search of ``clockFraction(_:clock:h:dense:stages:)`` on the clock's interpolant `clockAt(θ)`.
    @inlinable
    func clockRoot(_ tau: Double, clock: Int, h: Double, stages: UnsafePointer<Double>, clockAt: (Double) -> Double) -> Double {
        let c0 = y[clock], rise = yNew[clock] - c0, target = tau - c0
        var a = 0.0, fa = -target, b = 1.0, fb = rise - target, side = 0
        // c(θ) ≈ c₀ + dθ + (rise − d)θ²: the positive root in the cancellation-free form.
        let d = h * stages[clock], curvature = rise - d
        let discriminant = d * d + 4 * curvature * target
        var theta = discriminant >= 0 ? 2 * target / (d + discriminant.squareRoot()) : target / rise
        if !(theta > 0 && theta < 1) { theta = target / rise }
        var previous = (theta: Double.nan, f: Double.nan)
        for _ in 0..<64 {
            let f = clockAt(theta) - tau
            if abs(f) <= 2 * tau.ulp { break }
            if f < 0 {
                a = theta; fa = f
                if side < 0 { fb *= 0.5 }
                side = -1
            } else {
                b = theta; fb = f
                if side > 0 { fa *= 0.5 }
                side = 1
            }
            var next = f != previous.f ? theta - f * (theta - previous.theta) / (f - previous.f) : .nan
            if !(next > a && next < b) { next = (a * fb - b * fa) / (fb - fa) }
            if !(next > a && next < b) { next = 0.5 * (a + b) }
            previous = (theta, f)
            if abs(next - theta) <= 4 * Double.ulpOfOne { theta = next; break }
            theta = next
        }
        return theta
    }
}
