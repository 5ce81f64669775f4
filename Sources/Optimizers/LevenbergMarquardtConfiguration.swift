/// Settings of ``LevenbergMarquardt`` (MINPACK `lmder`, Moré 1978), with the meanings and defaults of
/// `scipy.optimize.least_squares(method="lm")`.
public struct LevenbergMarquardtConfiguration: Sendable, Codable, Equatable {
    /// Stop when both the actual and the predicted relative reduction of the sum of squares are ≤ ftol
    /// (and the actual reduction is at most twice the predicted one). scipy default 1e-8.
    public var ftol: Double
    /// Stop when the trust radius Δ ≤ xtol·‖Dx‖ (D the column scaling). scipy default 1e-8.
    public var xtol: Double
    /// Stop when the largest |cos| of the angle between r and a column of J is ≤ gtol. scipy default 1e-8.
    public var gtol: Double
    /// The most Jacobian evaluations that drive steps (outer iterations). Default 100. When the run stops after
    /// an accepted step, the Jacobian at the returned x is evaluated once more (counted in
    /// ``LeastSquaresResult/jacobianEvaluations``).
    public var maxIterations: Int
    /// MINPACK's `factor`: the first trust radius is factor·‖D x₀‖ (factor itself when that is 0). Default 100.
    public var initialStepBound: Double
    /// Stop with ``LeastSquaresStatus/stalled`` after this many consecutive rejected trials (a throwing or
    /// non-finite residual counts as rejected). Default 50.
    public var maxConsecutiveFailedTrials: Int
    /// `true` (MINPACK `mode = 1`): D is the running maximum of the Jacobian's column norms (Moré's scaling,
    /// which makes the iterates invariant to rescaling a parameter). `false`: D = 1.
    public var scaleColumns: Bool

    public init(
        ftol: Double = 1e-8, xtol: Double = 1e-8, gtol: Double = 1e-8, maxIterations: Int = 100,
        initialStepBound: Double = 100, maxConsecutiveFailedTrials: Int = 50, scaleColumns: Bool = true
    ) {
        self.ftol = ftol
        self.xtol = xtol
        self.gtol = gtol
        self.maxIterations = maxIterations
        self.initialStepBound = initialStepBound
        self.maxConsecutiveFailedTrials = maxConsecutiveFailedTrials
        self.scaleColumns = scaleColumns
    }

    /// scipy `least_squares(method="lm")`'s defaults (ftol = xtol = gtol = 1e-8), 100 Jacobians, factor 100.
    public static let scipy = LevenbergMarquardtConfiguration()

    /// Throws ``OptimizerError/invalidHyperparameter(optimizer:name:value:requirement:)`` for a negative or
    /// non-finite tolerance, a non-positive iteration limit or step bound.
    public func validate() throws {
        func check(_ name: String, _ value: Double, _ ok: Bool, _ requirement: String) throws {
            if !ok {
                throw OptimizerError.invalidHyperparameter(
                    optimizer: "LevenbergMarquardt", name: name, value: value, requirement: requirement)
            }
        }
        for (name, value) in [("ftol", ftol), ("xtol", xtol), ("gtol", gtol)] {
            try check(name, value, value.isFinite && value >= 0, "finite and ≥ 0")
        }
        try check("maxIterations", Double(maxIterations), maxIterations >= 1, "≥ 1")
        try check("initialStepBound", initialStepBound, initialStepBound.isFinite && initialStepBound > 0,
                  "finite and > 0")
        try check("maxConsecutiveFailedTrials", Double(maxConsecutiveFailedTrials),
                  maxConsecutiveFailedTrials >= 1, "≥ 1")
    }
}
