/// An explicit Runge–Kutta method as data: the Butcher tableau `(c, A, b)`, an
/// optional embedded error estimate and the method's dense output.
///
/// One step of size `h` from `(t, y)` computes, for `j = 1…s`,
/// `Yⱼ = y + h Σ_{l<j} aⱼₗ kₗ`, `kⱼ = f(t + cⱼ h, Yⱼ)` and `y⁺ = y + h Σⱼ bⱼ kⱼ`
/// (Hairer, Nørsett & Wanner, *Solving ODEs I*, §II.1). The error estimate is
/// `h Σⱼ eⱼ kⱼ` with `e = b − b̂`.
///
/// Every tableau is validated when it is built: `A` strictly lower triangular,
/// row sums equal to `c`, `Σb = 1`, error weights summing to 0, and dense-output
/// weights reproducing `b` at `θ = 1`. FSAL ("first same as last") is derived,
/// never declared: it holds when the last stage is evaluated at `y⁺` itself.
public struct ButcherTableau: Sendable, Hashable, CustomStringConvertible {
    /// Short, unique name (`"dopri5"`, `"rk4"`, …).
    public let name: String
    /// Classical order `p` of the propagated solution.
    public let order: Int
    /// Order of the embedded solution `b̂ = b − e`, if there is one.
    public let embeddedOrder: Int?
    /// The order `q` used by the step-size controller's exponent `1/(q+1)`.
    public let errorEstimatorOrder: Int?
    /// Nodes `cⱼ`, length `s`.
    public let c: [Double]
    /// Coupling coefficients: `a[j]` has exactly `j` entries (strictly lower triangular).
    public let a: [[Double]]
    /// Weights `bⱼ`, length `s`.
    public let b: [Double]
    /// Error weights `eⱼ = bⱼ − b̂ⱼ`, length `s`; `nil` for fixed-step-only methods.
    public let errorWeights: [Double]?
    /// A second, lower-order error estimate combined with the first as in
    /// Hairer's DOP853 (`err = ‖e₅‖² / √(‖e₅‖² + 0.01‖e₃‖²)`); usually `nil`.
    public let secondaryErrorWeights: [Double]?
    /// The method's continuous extension.
    public let denseOutput: DenseOutput

    /// Number of stages `s` of one step (extra dense-output stages excluded).
    @inlinable public var stageCount: Int { c.count }
    /// Whether the step can be adapted (the method has an error estimate).
    @inlinable public var isAdaptive: Bool { errorWeights != nil }
    /// The order `q` in the step-size controller's `err^(−1/(q+1))`: the error estimate's order,
    /// else `order − 1`.
    @inlinable public var controllerOrder: Int { errorEstimatorOrder ?? order - 1 }
    /// First Same As Last: the last stage is `f(t + h, y⁺)`, so it is the next
    /// step's first stage. Derived: `c_s = 1`, `b_s = 0` and `a_s = b`.
    public let isFSAL: Bool

    /// Builds and validates a tableau. Tolerance for the algebraic checks is
    /// `1e-14` relative to the coefficient magnitudes.
    public init(
        name: String,
        order: Int,
        c: [Double],
        a: [[Double]],
        b: [Double],
        errorWeights: [Double]? = nil,
        embeddedOrder: Int? = nil,
        errorEstimatorOrder: Int? = nil,
        secondaryErrorWeights: [Double]? = nil,
        denseOutput: DenseOutput = .cubicHermite
    ) throws(TableauError) {
        let s = c.count
        guard s > 0, order > 0 else { throw .empty(name: name) }
        guard a.count == s, b.count == s else {
            throw .shapeMismatch(name: name, detail: "c, a and b must all have \(s) rows")
        }
        for (j, row) in a.enumerated() where row.count != j {
            throw .shapeMismatch(name: name, detail: "row \(j) of a must have \(j) entries (explicit method), has \(row.count)")
        }
        guard c[0] == 0 else { throw .rowSumMismatch(name: name, row: 0, rowSum: 0, c: c[0]) }
        for j in 1..<s {
            let sum = a[j].reduce(0, +)
            let magnitude = a[j].reduce(1) { $0 + abs($1) }
            if abs(sum - c[j]) > 1e-14 * magnitude {
                throw .rowSumMismatch(name: name, row: j, rowSum: sum, c: c[j])
            }
        }
        let bSum = b.reduce(0, +)
        guard abs(bSum - 1) <= 1e-14 * magnitudeSum(b) else {
            throw .weightSumMismatch(name: name, sum: bSum)
        }
        for weights in [errorWeights, secondaryErrorWeights].compactMap({ $0 }) {
            guard weights.count == s else {
                throw .shapeMismatch(name: name, detail: "error weights must have \(s) entries")
            }
            let sum = weights.reduce(0, +)
            guard abs(sum) <= 1e-14 * magnitudeSum(weights) else {
                throw .errorWeightSumNonZero(name: name, sum: sum)
            }
        }
        if secondaryErrorWeights != nil, errorWeights == nil {
            throw .shapeMismatch(name: name, detail: "a secondary error estimate needs a primary one")
        }
        try denseOutput.validate(name: name, b: b, stageCount: s)

        self.name = name
        self.order = order
        self.c = c
        self.a = a
        self.b = b
        self.errorWeights = errorWeights
        self.secondaryErrorWeights = secondaryErrorWeights
        self.embeddedOrder = errorWeights == nil ? nil : embeddedOrder
        self.errorEstimatorOrder = errorWeights == nil ? nil : (errorEstimatorOrder ?? embeddedOrder ?? order - 1)
        self.denseOutput = denseOutput
        self.isFSAL = s > 1 && c[s - 1] == 1 && b[s - 1] == 0 && a[s - 1] == Array(b[0..<(s - 1)])
    }

    public var description: String {
        let kind = errorWeights == nil ? "fixed-step" : "adaptive \(order)(\(embeddedOrder.map(String.init) ?? "?"))"
        return "\(name): \(stageCount)-stage explicit RK, order \(order), \(kind)\(isFSAL ? ", FSAL" : "")"
    }
}

/// `1 + Σ|xᵢ|`: the scale for relative checks on a row of coefficients.
func magnitudeSum<C: Collection<Double>>(_ xs: C) -> Double {
    xs.reduce(1) { $0 + abs($1) }
}
