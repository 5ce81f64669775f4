/// A line search for a step length α satisfying the strong Wolfe conditions (Nocedal & Wright 2006,
/// "Numerical Optimization", 2nd ed., Algorithm 3.5 with `zoom`, Algorithm 3.6, and cubic interpolation,
/// eq. 3.59):
///
///     φ(α) ≤ φ(0) + c₁ α φ'(0)        (sufficient decrease)
///     |φ'(α)| ≤ c₂ |φ'(0)|             (curvature)
///
/// where φ(α) = f(x + α d). An evaluation that throws or gives a non-finite value counts as "too far": the
/// bracket's upper end moves there and the next trial bisects.
public enum StrongWolfeLineSearch {
    /// A trial point on the line.
    public struct Point: Sendable {
        public var alpha: Double
        public var value: Double
        public var gradient: [Double]
        /// φ'(α) = ∇f(x + αd)·d.
        public var slope: Double
    }

    /// The outcome of ``search(from:value:slope:direction:initialStep:c1:c2:maxEvaluations:maxStep:evaluate:)``.
    public struct Outcome: Sendable {
        /// The accepted point: one satisfying strong Wolfe, or, when `satisfied` is `false`, the best point with
        /// sufficient decrease that was found (nil when none was).
        public var point: Point?
        /// Whether `point` satisfies both strong Wolfe conditions.
        public var satisfied: Bool
        public var evaluations: Int
        /// Evaluations that threw or were not finite.
        public var failedEvaluations: Int
    }

    public static func search(
        from x: [Double], value f0: Double, slope g0: Double, direction d: [Double], initialStep: Double,
        c1: Double = 1e-4, c2: Double = 0.9, maxEvaluations: Int = 20, maxStep: Double = 1e10,
        evaluate: ([Double]) throws -> (value: Double, gradient: [Double])
    ) -> Outcome {
        var evaluations = 0, failed = 0
        func phi(_ alpha: Double) -> Point? {
            evaluations += 1
            var trial = x
            for i in trial.indices { trial[i] += alpha * d[i] }
            guard let (v, g) = try? evaluate(trial), v.isFinite, g.count == d.count, g.allSatisfy({ $0.isFinite })
            else { failed += 1; return nil }
            var s = 0.0
            for i in g.indices { s += g[i] * d[i] }
            return Point(alpha: alpha, value: v, gradient: g, slope: s)
        }
        func sufficient(_ p: Point) -> Bool { p.value <= f0 + c1 * p.alpha * g0 }
        func curvature(_ p: Point) -> Bool { abs(p.slope) <= -c2 * g0 }
        let origin = Point(alpha: 0, value: f0, gradient: [], slope: g0)

        /// Algorithm 3.6: `lo` satisfies sufficient decrease with the lowest value so far; the minimiser lies
        /// between lo and hi. `hi` is nil-valued (an alpha only) when its evaluation failed.
        func zoom(_ lo0: Point, _ hi0: Point?, hiAlpha: Double) -> Outcome {
            var lo = lo0, hi = hi0, hiA = hiAlpha
            while evaluations < maxEvaluations {
                let width = hiA - lo.alpha
                if abs(width) <= Double.ulpOfOne * max(abs(lo.alpha), abs(hiA)) { break }
                var alpha = lo.alpha + 0.5 * width
                if let h = hi {
                    // Cubic interpolation through (lo, φ, φ') and (hi, φ, φ') (N&W eq. 3.59), kept inside the
                    // middle 80 % of the bracket.
                    let d1 = lo.slope + h.slope - 3 * (lo.value - h.value) / (lo.alpha - h.alpha)
                    let disc = d1 * d1 - lo.slope * h.slope
                    if disc >= 0 {
                        let d2 = (h.alpha - lo.alpha >= 0 ? 1.0 : -1.0) * disc.squareRoot()
                        let cubic = h.alpha - (h.alpha - lo.alpha) * (h.slope + d2 - d1) / (h.slope - lo.slope + 2 * d2)
                        let a = min(lo.alpha, h.alpha), b = max(lo.alpha, h.alpha), margin = 0.1 * (b - a)
                        if cubic.isFinite && cubic >= a + margin && cubic <= b - margin { alpha = cubic }
                    }
                }
                guard let p = phi(alpha) else { hi = nil; hiA = alpha; continue }
                if !sufficient(p) || p.value >= lo.value {
                    hi = p; hiA = alpha
                } else {
                    if curvature(p) { return Outcome(point: p, satisfied: true, evaluations: evaluations, failedEvaluations: failed) }
                    if p.slope * (hiA - lo.alpha) >= 0 { hi = lo; hiA = lo.alpha }
                    lo = p
                }
            }
            return Outcome(point: lo.alpha > 0 ? lo : nil, satisfied: false, evaluations: evaluations,
                           failedEvaluations: failed)
        }

        // Algorithm 3.5: expand until the minimiser is bracketed.
        var previous = origin
        var alpha = min(initialStep, maxStep)
        while evaluations < maxEvaluations {
            guard let p = phi(alpha) else { return zoom(previous, nil, hiAlpha: alpha) }
            if !sufficient(p) || (previous.alpha > 0 && p.value >= previous.value) {
                return zoom(previous, p, hiAlpha: alpha)
            }
            if curvature(p) { return Outcome(point: p, satisfied: true, evaluations: evaluations, failedEvaluations: failed) }
            if p.slope >= 0 { return zoom(p, previous, hiAlpha: previous.alpha) }
            previous = p
            if alpha >= maxStep { break }
            alpha = min(2 * alpha, maxStep)
        }
        return Outcome(point: previous.alpha > 0 ? previous : nil, satisfied: false, evaluations: evaluations,
                       failedEvaluations: failed)
    }
}
