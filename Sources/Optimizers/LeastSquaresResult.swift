/// How an iterative minimisation (``LevenbergMarquardt``, ``LBFGS``) ended.
public enum LeastSquaresStatus: String, Sendable, Codable, CaseIterable {
    /// A convergence test (ftol, xtol or gtol) was met.
    case converged
    /// The iteration limit was reached before any convergence test was met.
    case maxIterations = "max-iterations"
    /// No acceptable step could be found: the trust region (or line search) collapsed below machine precision
    /// relative to x without meeting the tolerances, or too many consecutive trials failed.
    case stalled
    /// Non-finite residuals or value at the start, or a non-finite Jacobian or gradient at an accepted point.
    case diverged
    /// The per-iteration callback returned `false`.
    case interrupted

    /// `true` only for ``converged``.
    public var isConverged: Bool { self == .converged }
}

/// One outer iteration of ``LevenbergMarquardt``, reported right after the Jacobian at x was evaluated.
public struct LeastSquaresIteration: Sendable, Codable {
    /// 0 at the starting point, then the number of accepted steps.
    public var iteration: Int
    public var x: [Double]
    /// ½‖r(x)‖².
    public var cost: Double
    /// ‖Jᵀr‖∞, the largest component of the gradient of the cost.
    public var gradientNorm: Double
    /// The quantity gtol is compared with: max over columns j of |J_jᵀr| / (‖J_j‖‖r‖).
    public var maxCosine: Double
    /// ‖D·(x − x_previous)‖ of the last accepted step (0 at iteration 0).
    public var stepNorm: Double
    /// Δ, the trust radius in the scaled norm ‖D·‖.
    public var trustRadius: Double
    /// λ, the Levenberg parameter of the last step (0 at iteration 0).
    public var lambda: Double
    public var residualEvaluations: Int
    public var jacobianEvaluations: Int
    public var failedTrials: Int
}

/// The outcome of ``LevenbergMarquardt/minimize(_:from:configuration:onIteration:)``.
public struct LeastSquaresResult: Sendable, Codable {
    /// The best point found (the last accepted one).
    public var x: [Double]
    /// r(x).
    public var residuals: [Double]
    /// Row-major R × P Jacobian at x (for ``LeastSquaresStatistics``).
    public var jacobian: [Double]
    /// ½‖r(x)‖² — scipy's `cost` convention (half the residual sum of squares, not the sum).
    public var cost: Double
    public var status: LeastSquaresStatus
    /// Human-readable reason, e.g. "ftol: relative reduction ≤ 1e-08".
    public var reason: String
    /// Accepted steps.
    public var iterations: Int
    public var residualEvaluations: Int
    public var jacobianEvaluations: Int
    /// Rejected trials whose residuals threw or were not finite.
    public var failedTrials: Int
    /// Rejected trials in all (failed ones included).
    public var rejectedTrials: Int

    /// ‖r(x)‖², the residual sum of squares (= 2·cost).
    public var residualSumOfSquares: Double { 2 * cost }
}
