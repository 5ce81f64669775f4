/// A smooth objective f: ℝⁿ → ℝ with its gradient, for ``LBFGS``.
public protocol DifferentiableObjective {
    var parameterCount: Int { get }
    /// f(x) and ∇f(x). Throwing during a line search is not fatal (the step shrinks); at the start it is.
    func valueAndGradient(at x: [Double]) throws -> (value: Double, gradient: [Double])
}

/// A ``DifferentiableObjective`` made of a closure.
public struct ClosureObjective: DifferentiableObjective {
    public let parameterCount: Int
    private let function: ([Double]) throws -> (value: Double, gradient: [Double])

    public init(parameterCount: Int, _ function: @escaping ([Double]) throws -> (value: Double, gradient: [Double])) {
        self.parameterCount = parameterCount
        self.function = function
    }

    public func valueAndGradient(at x: [Double]) throws -> (value: Double, gradient: [Double]) { try function(x) }
}

/// One accepted L-BFGS step, with what is needed to check the line search.
public struct LBFGSIteration: Sendable, Codable {
    /// 1, 2, … (accepted steps so far).
    public var iteration: Int
    public var x: [Double]
    public var value: Double
    /// f before the step.
    public var previousValue: Double
    /// ‖∇f(x)‖∞.
    public var gradientNorm: Double
    /// α, the accepted step length along the search direction d.
    public var stepLength: Double
    /// φ'(0) = ∇f(x_prev)·d (< 0).
    public var initialSlope: Double
    /// φ'(α) = ∇f(x)·d.
    public var finalSlope: Double
    /// Whether the line search met both strong Wolfe conditions.
    public var strongWolfeSatisfied: Bool
    public var evaluations: Int
}

/// The outcome of ``LBFGS/minimize(_:from:configuration:onIteration:)``.
public struct LBFGSResult: Sendable, Codable {
    public var x: [Double]
    public var value: Double
    public var gradient: [Double]
    public var status: LeastSquaresStatus
    /// Human-readable reason, e.g. "gtol: ‖∇f‖∞ = 3e-06 ≤ 1e-05".
    public var reason: String
    public var iterations: Int
    public var evaluations: Int
    /// Evaluations that threw or gave non-finite values (inside line searches).
    public var failedEvaluations: Int
}

/// Limited-memory BFGS (Nocedal & Wright 2006, "Numerical Optimization", 2nd ed., Algorithm 7.4 two-loop
/// recursion and Algorithm 7.5; Liu & Nocedal 1989) with a strong-Wolfe line search
/// (``StrongWolfeLineSearch``, c₁ = 1e-4, c₂ = 0.9) and H₀ = (sᵀy / yᵀy)·I.
///
/// A pair with sᵀy ≤ ε·yᵀy is skipped (keeps H positive definite). When a line search finds no decrease, the
/// memory is dropped and the search is retried along −∇f once; a second failure is ``LeastSquaresStatus/stalled``.
public enum LBFGS {
    public static func minimize<O: DifferentiableObjective>(
        _ objective: O, from x0: [Double], configuration: LBFGSConfiguration = .scipy,
        onIteration: ((LBFGSIteration) -> Bool)? = nil
    ) throws -> LBFGSResult {
        try configuration.validate()
        let n = x0.count
        guard n == objective.parameterCount, n >= 1 else {
            throw LeastSquaresError.dimensionMismatch("x0 has \(n) entries; the objective has \(objective.parameterCount)")
        }
        let c = configuration
        var x = x0
        var (f, g) = try objective.valueAndGradient(at: x)
        guard g.count == n else {
            throw LeastSquaresError.dimensionMismatch("gradient has \(g.count) entries, expected \(n)")
        }
        var evaluations = 1, failed = 0, iterations = 0
        func finish(_ status: LeastSquaresStatus, _ reason: String) -> LBFGSResult {
            LBFGSResult(x: x, value: f, gradient: g, status: status, reason: reason, iterations: iterations,
                        evaluations: evaluations, failedEvaluations: failed)
        }
        func infinityNorm(_ v: [Double]) -> Double { v.reduce(0) { max($0, abs($1)) } }
        guard f.isFinite, g.allSatisfy({ $0.isFinite }) else {
            return finish(.diverged, "non-finite value or gradient at the starting point")
        }
        var gnorm = infinityNorm(g)
        if gnorm <= c.gtol { return finish(.converged, "gtol: ‖∇f‖∞ = \(gnorm) ≤ \(c.gtol)") }

        // Ring buffer of the last m pairs (s, y, ρ = 1/yᵀs).
        var sList = [[Double]](), yList = [[Double]](), rhoList = [Double]()
        var alphaBuffer = [Double](repeating: 0, count: c.memory)
        var d = [Double](repeating: 0, count: n)

        while true {
            if iterations >= c.maxIterations {
                return finish(.maxIterations, "max-iterations: \(c.maxIterations) iterations")
            }
            // Algorithm 7.4: d = −H∇f by the two-loop recursion.
            var q = g
            let k = sList.count
            for i in stride(from: k - 1, through: 0, by: -1) {
                var a = 0.0
                for j in 0..<n { a += sList[i][j] * q[j] }
                a *= rhoList[i]
                alphaBuffer[i] = a
                for j in 0..<n { q[j] -= a * yList[i][j] }
            }
            if k > 0 {
                var yy = 0.0
                for j in 0..<n { yy += yList[k - 1][j] * yList[k - 1][j] }
                let gamma = 1 / (rhoList[k - 1] * yy)
                for j in 0..<n { q[j] *= gamma }
            }
            for i in 0..<k {
                var b = 0.0
                for j in 0..<n { b += yList[i][j] * q[j] }
                b *= rhoList[i]
                for j in 0..<n { q[j] += sList[i][j] * (alphaBuffer[i] - b) }
            }
            for j in 0..<n { d[j] = -q[j] }
            var slope = 0.0
            for j in 0..<n { slope += g[j] * d[j] }
            if !(slope < 0) || k == 0 {
                sList.removeAll(); yList.removeAll(); rhoList.removeAll()
                for j in 0..<n { d[j] = -g[j] }
                slope = -g.reduce(0) { $0 + $1 * $1 }
            }
            let budget = min(c.maxLineSearchEvaluations, c.maxEvaluations - evaluations)
            if budget <= 0 { return finish(.maxIterations, "max-iterations: \(c.maxEvaluations) evaluations") }
            // First step of a steepest-descent direction: ‖αd‖ = 1 at most (scipy's 1/‖d‖ start).
            let dnorm = d.reduce(0) { $0 + $1 * $1 }.squareRoot()
            let initial = sList.isEmpty ? min(1, 1 / dnorm) : 1
            let outcome = StrongWolfeLineSearch.search(
                from: x, value: f, slope: slope, direction: d, initialStep: initial, c1: c.c1, c2: c.c2,
                maxEvaluations: budget, evaluate: objective.valueAndGradient)
            evaluations += outcome.evaluations
            failed += outcome.failedEvaluations
            guard let p = outcome.point, p.value < f || outcome.satisfied else {
                if !sList.isEmpty {
                    sList.removeAll(); yList.removeAll(); rhoList.removeAll()
                    continue
                }
                return finish(.stalled, "stalled: the line search along −∇f found no decrease")
            }
            // Accept x + αd; store the pair if it has positive curvature.
            var s = d, y = p.gradient
            var sy = 0.0, yy = 0.0
            for j in 0..<n {
                s[j] = p.alpha * d[j]
                x[j] += s[j]
                y[j] -= g[j]
                sy += s[j] * y[j]
                yy += y[j] * y[j]
            }
            let previous = f
            f = p.value
            g = p.gradient
            iterations += 1
            gnorm = infinityNorm(g)
            if sy > Double.ulpOfOne * yy {
                if sList.count == c.memory { sList.removeFirst(); yList.removeFirst(); rhoList.removeFirst() }
                sList.append(s); yList.append(y); rhoList.append(1 / sy)
            }
            if let onIteration {
                let info = LBFGSIteration(
                    iteration: iterations, x: x, value: f, previousValue: previous, gradientNorm: gnorm,
                    stepLength: p.alpha, initialSlope: slope, finalSlope: p.slope,
                    strongWolfeSatisfied: outcome.satisfied, evaluations: evaluations)
                if !onIteration(info) { return finish(.interrupted, "interrupted by the iteration callback") }
            }
            if gnorm <= c.gtol { return finish(.converged, "gtol: ‖∇f‖∞ = \(gnorm) ≤ \(c.gtol)") }
            let relative = (previous - f) / max(abs(previous), abs(f), 1)
            if relative <= c.ftol {
                return finish(.converged, "ftol: relative reduction \(relative) ≤ \(c.ftol)")
            }
            if evaluations >= c.maxEvaluations {
                return finish(.maxIterations, "max-iterations: \(c.maxEvaluations) evaluations")
            }
        }
    }

    /// Minimises the closure's f from `x0` (see ``minimize(_:from:configuration:onIteration:)``).
    public static func minimize(
        from x0: [Double], configuration: LBFGSConfiguration = .scipy,
        onIteration: ((LBFGSIteration) -> Bool)? = nil,
        _ function: @escaping ([Double]) throws -> (value: Double, gradient: [Double])
    ) throws -> LBFGSResult {
        try minimize(ClosureObjective(parameterCount: x0.count, function), from: x0, configuration: configuration,
                     onIteration: onIteration)
    }
}
