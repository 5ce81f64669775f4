/// The continuous extension ("dense output") of a Runge–Kutta method:
/// the solution inside an accepted step `[t, t + h]` at `t + θh`, `θ ∈ [0, 1]`.
///
/// Two kinds (Hairer, Nørsett & Wanner, *Solving ODEs I*, §II.6):
/// - `cubicHermite`: the cubic through `(y, f(t, y))` and `(y⁺, f(t + h, y⁺))`,
///   third order; used by methods without an interpolant of their own.
/// - `polynomial`: `y(t + θh) = y + h Σⱼ wⱼ(θ) kⱼ` with `wⱼ(θ) = Σᵣ Wⱼᵣ Bᵣ(θ)`,
///   the method's own interpolant, in the monomial basis `Bᵣ = θʳ⁺¹` or in Hairer's
///   basis `Bᵣ = θ^(⌊r/2⌋+1) (1−θ)^⌈r/2⌉` (DOP853, exact at θ = 1 without cancellation).
///   Some methods (DOP853) need extra stages, each a further evaluation of `f` at
///   `t + cₓh` from the step's stages.
public struct DenseOutput: Sendable, Hashable {
    public enum Kind: Sendable, Hashable { case cubicHermite, polynomial }

    /// Polynomial basis of the weights.
    public enum Basis: Sendable, Hashable {
        /// `Bᵣ(θ) = θʳ⁺¹`.
        case monomial
        /// `Bᵣ(θ) = θ^(⌊r/2⌋+1) (1−θ)^⌈r/2⌉`: θ, θ(1−θ), θ²(1−θ), θ²(1−θ)², … (Hairer's DOP853).
        case alternating

        /// Writes `B₀(θ)…B_{count−1}(θ)` into `out`.
        @inlinable
        public func values(theta: Double, count: Int, into out: UnsafeMutablePointer<Double>) {
            guard count > 0 else { return }
            out[0] = theta
            for r in 1..<max(count, 1) {
                switch self {
                case .monomial: out[r] = out[r - 1] * theta
                case .alternating: out[r] = out[r - 1] * (r % 2 == 1 ? 1 - theta : theta)
                }
            }
        }
    }

    /// An extra stage used only by the interpolant:
    /// `k = f(t + c h, y + h Σₗ aₗ kₗ)` over all earlier stages (method stages, then earlier extra stages).
    public struct ExtraStage: Sendable, Hashable {
        public let c: Double
        public let a: [Double]
        public init(c: Double, a: [Double]) { self.c = c; self.a = a }
    }

    public let kind: Kind
    /// Order of the interpolant (local error `O(hᵒʳᵈᵉʳ⁺¹)`).
    public let order: Int
    /// Number of basis polynomials (0 for Hermite).
    public let degree: Int
    public let basis: Basis
    /// Row-major `storedStageCount × degree`: `Wⱼᵣ`, the coefficient of `Bᵣ(θ)` for stage `j`.
    public let weights: [Double]
    public let extraStages: [ExtraStage]

    /// Cubic Hermite interpolation, third order.
    public static let cubicHermite = DenseOutput(kind: .cubicHermite, order: 3, degree: 0, basis: .monomial, weights: [], extraStages: [])

    /// A method's own polynomial interpolant; `weights[j][r]` is the coefficient of `Bᵣ(θ)` in `wⱼ(θ)`,
    /// one row per method stage and then one per extra stage.
    public static func polynomial(
        order: Int, basis: Basis = .monomial, weights: [[Double]], extraStages: [ExtraStage] = []
    ) -> DenseOutput {
        let degree = weights.map(\.count).max() ?? 0
        var flat = [Double](repeating: 0, count: weights.count * degree)
        for (j, row) in weights.enumerated() {
            for (m, w) in row.enumerated() { flat[j * degree + m] = w }
        }
        return DenseOutput(kind: .polynomial, order: order, degree: degree, basis: basis, weights: flat, extraStages: extraStages)
    }

    /// Stage vectors kept per step: `[f(t, y), f(t + h, y⁺)]` for Hermite,
    /// every method and extra stage for a polynomial interpolant.
    @inlinable public func storedStageCount(methodStages s: Int) -> Int {
        kind == .cubicHermite ? 2 : s + extraStages.count
    }

    func validate(name: String, b: [Double], stageCount s: Int) throws(TableauError) {
        guard kind == .polynomial else { return }
        let rows = s + extraStages.count
        guard degree > 0, weights.count == rows * degree else {
            throw .denseOutputMismatch(name: name, detail: "needs \(rows) weight rows (stages + extra stages)")
        }
        for (x, stage) in extraStages.enumerated() {
            guard stage.a.count == s + x else {
                throw .denseOutputMismatch(name: name, detail: "extra stage \(x) must couple to \(s + x) earlier stages")
            }
            let sum = stage.a.reduce(0, +)
            guard abs(sum - stage.c) <= 1e-14 * magnitudeSum(stage.a) else {
                throw .denseOutputMismatch(name: name, detail: "extra stage \(x) row sums to \(sum), c = \(stage.c)")
            }
        }
        // At θ = 1 the interpolant must reproduce the step: Σᵣ Wⱼᵣ Bᵣ(1) = bⱼ (0 for extra stages).
        var basisAtOne = [Double](repeating: 0, count: degree)
        basisAtOne.withUnsafeMutableBufferPointer { basis.values(theta: 1, count: degree, into: $0.baseAddress!) }
        for j in 0..<rows {
            let row = weights[(j * degree)..<((j + 1) * degree)]
            let atOne = zip(row, basisAtOne).reduce(0) { $0 + $1.0 * $1.1 }
            let target = j < s ? b[j] : 0
            guard abs(atOne - target) <= 1e-13 * magnitudeSum(row) else {
                throw .denseOutputMismatch(name: name, detail: "weights of stage \(j) sum to \(atOne) at θ = 1, b = \(target)")
            }
        }
    }

    /// Component `i` of the cubic Hermite interpolant (``Kind/cubicHermite``; `stages` holds `f₀` then
    /// `f₁`) by ``interpolate(theta:h:dimension:y0:y1:stages:into:)``'s arithmetic, so the same value:
    /// what a root search on one component needs. (For ``Kind/polynomial`` a search gathers the
    /// component's polynomial once instead: `IntegrationRun.clockFraction`.)
    @inlinable
    public func hermiteComponent(
        theta: Double, h: Double, dimension n: Int, component i: Int,
        y0: UnsafePointer<Double>, y1: UnsafePointer<Double>, stages k: UnsafePointer<Double>
    ) -> Double {
        precondition(kind == .cubicHermite, "DenseOutput.hermiteComponent: a polynomial dense output")
        let t2 = theta * theta, t3 = t2 * theta
        let h00 = 2 * t3 - 3 * t2 + 1, h01 = 3 * t2 - 2 * t3
        let h10 = h * (t3 - 2 * t2 + theta), h11 = h * (t3 - t2)
        return h00 * y0[i] + h01 * y1[i] + h10 * k[i] + h11 * k[n + i]
    }

    /// Writes `y(t + θh)` into `out` (length `n`) from the step's start `y0`, end `y1`
    /// and stored stages (`storedStageCount × n`, row-major). Allocates nothing.
    @inlinable
    public func interpolate(
        theta: Double, h: Double, dimension n: Int,
        y0: UnsafePointer<Double>, y1: UnsafePointer<Double>,
        stages k: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>
    ) {
        switch kind {
        case .cubicHermite:
            let t2 = theta * theta, t3 = t2 * theta
            let h00 = 2 * t3 - 3 * t2 + 1, h01 = 3 * t2 - 2 * t3
            let h10 = h * (t3 - 2 * t2 + theta), h11 = h * (t3 - t2)
            let f0 = k, f1 = k + n
            for i in 0..<n {
                out[i] = h00 * y0[i] + h01 * y1[i] + h10 * f0[i] + h11 * f1[i]
            }
        case .polynomial:
            let rows = weights.count / degree
            for i in 0..<n { out[i] = y0[i] }
            let degree = self.degree
            withUnsafeTemporaryAllocation(of: Double.self, capacity: degree) { bv in
                basis.values(theta: theta, count: degree, into: bv.baseAddress!)
                weights.withUnsafeBufferPointer { w in
                    for j in 0..<rows {
                        var wj = 0.0
                        for r in 0..<degree { wj += w[j * degree + r] * bv[r] }
                        let hw = h * wj
                        if hw == 0 { continue }
                        let kj = k + j * n
                        for i in 0..<n { out[i] += hw * kj[i] }
                    }
                }
            }
        }
    }
}
