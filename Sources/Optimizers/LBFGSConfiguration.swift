/// Settings of ``LBFGS`` (Nocedal & Wright 2006, Algorithms 7.4/7.5, with the strong-Wolfe line search of
/// Algorithms 3.5/3.6). Tolerances have the meanings of `scipy.optimize.minimize(method="L-BFGS-B")` without
/// bounds.
public struct LBFGSConfiguration: Sendable, Codable, Equatable {
    /// m, the number of (s, y) pairs kept. scipy `maxcor` 10.
    public var memory: Int
    /// Stop when ‖∇f‖∞ ≤ gtol. scipy `gtol` (pgtol) 1e-5.
    public var gtol: Double
    /// Stop when (f_k − f_{k+1}) / max(|f_k|, |f_{k+1}|, 1) ≤ ftol. scipy `ftol` = factr·eps = 2.220446049250313e-09.
    public var ftol: Double
    /// The most iterations (accepted steps). scipy `maxiter` 15000.
    public var maxIterations: Int
    /// The most objective evaluations in all. scipy `maxfun` 15000.
    public var maxEvaluations: Int
    /// Sufficient-decrease constant c₁ (N&W: 1e-4).
    public var c1: Double
    /// Curvature constant c₂ (N&W for quasi-Newton: 0.9).
    public var c2: Double
    /// Evaluations per line search. scipy `maxls` 20.
    public var maxLineSearchEvaluations: Int

    public init(
        memory: Int = 10, gtol: Double = 1e-5, ftol: Double = 1e7 * Double.ulpOfOne, maxIterations: Int = 15000,
        maxEvaluations: Int = 15000, c1: Double = 1e-4, c2: Double = 0.9, maxLineSearchEvaluations: Int = 20
    ) {
        self.memory = memory
        self.gtol = gtol
        self.ftol = ftol
        self.maxIterations = maxIterations
        self.maxEvaluations = maxEvaluations
        self.c1 = c1
        self.c2 = c2
        self.maxLineSearchEvaluations = maxLineSearchEvaluations
    }

    /// scipy L-BFGS-B's defaults (see each property).
    public static let scipy = LBFGSConfiguration()

    /// Throws ``OptimizerError/invalidHyperparameter(optimizer:name:value:requirement:)`` for a value out of range
    /// (0 < c₁ < c₂ < 1, memory ≥ 1, tolerances finite and ≥ 0, limits ≥ 1).
    public func validate() throws {
        func check(_ name: String, _ value: Double, _ ok: Bool, _ requirement: String) throws {
            if !ok {
                throw OptimizerError.invalidHyperparameter(optimizer: "LBFGS", name: name, value: value,
                                                           requirement: requirement)
            }
        }
        try check("memory", Double(memory), memory >= 1, "≥ 1")
        try check("gtol", gtol, gtol.isFinite && gtol >= 0, "finite and ≥ 0")
        try check("ftol", ftol, ftol.isFinite && ftol >= 0, "finite and ≥ 0")
        try check("maxIterations", Double(maxIterations), maxIterations >= 1, "≥ 1")
        try check("maxEvaluations", Double(maxEvaluations), maxEvaluations >= 1, "≥ 1")
        try check("c1", c1, c1 > 0 && c1 < 1, "in (0, 1)")
        try check("c2", c2, c2 > c1 && c2 < 1, "in (c1, 1)")
        try check("maxLineSearchEvaluations", Double(maxLineSearchEvaluations), maxLineSearchEvaluations >= 1, "≥ 1")
    }
}
