/// Trust-region Levenberg–Marquardt for nonlinear least squares, as MINPACK's `lmder` (Moré 1978, "The
/// Levenberg–Marquardt algorithm: implementation and theory", Numerical Analysis, LNM 630; Moré, Garbow &
/// Hillstrom 1980, MINPACK-1) and therefore as `scipy.optimize.least_squares(method="lm")`.
///
/// Each outer iteration evaluates J at x, factors J·P = Q·R (Householder, column pivoting), and then tries
/// steps p(λ) = argmin ‖J p + r‖² + λ‖D p‖² with λ chosen by Moré's `lmpar` so that ‖D p‖ ≈ Δ, until one is
/// accepted (actual/predicted reduction ≥ 1e-4). D is Moré's adaptive column scaling (the running maximum of
/// J's column norms), which makes the iterates invariant to a rescaling of the parameters. Δ starts at
/// `initialStepBound`·‖D x₀‖ and follows lmder's update rules.
///
/// A trial whose residuals throw or are not finite is a rejected trial with ‖r‖ = ∞ (Δ shrinks tenfold). When
/// Δ then falls below xtol·‖Dx‖ with such failures since the last accepted step, the status is
/// ``LeastSquaresStatus/stalled``, not converged (MINPACK would report xtol convergence).
public enum LevenbergMarquardt {
    /// Minimises ½‖r(x)‖² from `x0`.
    ///
    /// - Parameter onIteration: called after every Jacobian evaluation (iteration 0 at the start); returning
    ///   `false` stops with ``LeastSquaresStatus/interrupted``.
    /// - Throws: the configuration's validation error, `LeastSquaresError` for inconsistent sizes, or whatever
    ///   the problem throws at `x0` (residuals) or from `jacobian`.
    public static func minimize<P: LeastSquaresProblem>(
        _ problem: P, from x0: [Double], configuration: LevenbergMarquardtConfiguration = .scipy,
        onIteration: ((LeastSquaresIteration) -> Bool)? = nil
    ) throws -> LeastSquaresResult {
        try configuration.validate()
        let n = problem.parameterCount
        guard x0.count == n, n >= 1 else {
            throw LeastSquaresError.dimensionMismatch("x0 has \(x0.count) entries; the problem has \(n) parameters")
        }
        var x = x0
        var fvec = try problem.residuals(at: x)
        let m = fvec.count
        guard m >= n else {
            throw LeastSquaresError.dimensionMismatch("\(m) residuals < \(n) parameters; LM needs R ≥ P")
        }
        var nfev = 1, njev = 0, accepted = 0, failed = 0, rejected = 0
        var fnorm = MINPACK.enorm(fvec)
        var jac = [Double]()
        var jacobianIsCurrent = false

        func finish(_ status: LeastSquaresStatus, _ reason: String) throws -> LeastSquaresResult {
            if !jacobianIsCurrent && status != .diverged {
                jac = try problem.jacobian(at: x)
                njev += 1
            }
            return LeastSquaresResult(
                x: x, residuals: fvec, jacobian: jac, cost: 0.5 * fnorm * fnorm, status: status, reason: reason,
                iterations: accepted, residualEvaluations: nfev, jacobianEvaluations: njev,
                failedTrials: failed, rejectedTrials: rejected)
        }
        guard fnorm.isFinite else { return try finish(.diverged, "non-finite residuals at the starting point") }

        let c = configuration
        var diag = [Double](repeating: 1, count: n)
        var a = [Double](repeating: 0, count: m * n)
        var r = [Double](repeating: 0, count: n * n)
        var ipvt = [Int](repeating: 0, count: n)
        var rdiag = [Double](repeating: 0, count: n), acnorm = rdiag, qtf = rdiag, sdiag = rdiag
        var step = rdiag, trial = rdiag, scaled = rdiag
        var delta = 0.0, xnorm = 0.0, par = 0.0, lastStepNorm = 0.0
        var consecutiveFailures = 0, failuresSinceAcceptance = 0

        while true {
            if njev >= c.maxIterations {
                return try finish(.maxIterations, "max-iterations: \(c.maxIterations) Jacobian evaluations")
            }
            jac = try problem.jacobian(at: x)
            njev += 1
            jacobianIsCurrent = true
            guard jac.count == m * n else {
                throw LeastSquaresError.dimensionMismatch("Jacobian has \(jac.count) entries, expected \(m)×\(n)")
            }
            guard jac.allSatisfy({ $0.isFinite }) else { return try finish(.diverged, "non-finite Jacobian") }
            // Transpose into column-major storage and take the gradient Jᵀr on the way.
            var gradientNorm = 0.0
            jac.withUnsafeBufferPointer { J in
                a.withUnsafeMutableBufferPointer { A in
                    for j in 0..<n {
                        var g = 0.0
                        for i in 0..<m { let v = J[i * n + j]; A[i + j * m] = v; g += v * fvec[i] }
                        gradientNorm = max(gradientNorm, abs(g))
                    }
                }
            }
            MINPACK.qrfac(m: m, n: n, a: &a, pivot: true, ipvt: &ipvt, rdiag: &rdiag, acnorm: &acnorm)
            if njev == 1 {
                for j in 0..<n { diag[j] = c.scaleColumns && acnorm[j] != 0 ? acnorm[j] : 1 }
                for j in 0..<n { scaled[j] = diag[j] * x[j] }
                xnorm = MINPACK.enorm(scaled)
                delta = c.initialStepBound * xnorm
                if delta == 0 { delta = c.initialStepBound }
            }
            // qtf = first n components of Qᵀ fvec; r = the n × n upper triangle R.
            var qf = fvec
            a.withUnsafeMutableBufferPointer { A in
                for j in 0..<n {
                    let cj = j * m
                    if A[cj + j] != 0 {
                        var sum = 0.0
                        for i in j..<m { sum += A[cj + i] * qf[i] }
                        let temp = -sum / A[cj + j]
                        for i in j..<m { qf[i] += A[cj + i] * temp }
                    }
                    A[cj + j] = rdiag[j]
                    qtf[j] = qf[j]
                    for i in 0...j { r[i + j * n] = A[cj + i] }
                }
            }
            // The scaled gradient test quantity (largest |cos| between r and a column of J).
            var gnorm = 0.0
            if fnorm != 0 {
                for j in 0..<n where acnorm[ipvt[j]] != 0 {
                    var sum = 0.0
                    for i in 0...j { sum += r[i + j * n] * (qtf[i] / fnorm) }
                    gnorm = max(gnorm, abs(sum / acnorm[ipvt[j]]))
                }
            }
            if let onIteration {
                let info = LeastSquaresIteration(
                    iteration: accepted, x: x, cost: 0.5 * fnorm * fnorm, gradientNorm: gradientNorm,
                    maxCosine: gnorm, stepNorm: lastStepNorm, trustRadius: delta, lambda: par,
                    residualEvaluations: nfev, jacobianEvaluations: njev, failedTrials: failed)
                if !onIteration(info) { return try finish(.interrupted, "interrupted by the iteration callback") }
            }
            if gnorm <= c.gtol { return try finish(.converged, "gtol: max |cos(r, J_j)| = \(gnorm) ≤ \(c.gtol)") }
            if c.scaleColumns { for j in 0..<n { diag[j] = max(diag[j], acnorm[j]) } }

            // Inner loop: shrink Δ until a step is accepted.
            while true {
                MINPACK.lmpar(n: n, r: &r, ipvt: ipvt, diag: diag, qtb: qtf, delta: delta, par: &par,
                              x: &step, sdiag: &sdiag)
                for j in 0..<n { step[j] = -step[j]; trial[j] = x[j] + step[j]; scaled[j] = diag[j] * step[j] }
                let pnorm = MINPACK.enorm(scaled)
                if accepted == 0 { delta = min(delta, pnorm) }
                var trialResiduals: [Double]? = nil
                var fnorm1 = Double.infinity
                do {
                    let rv = try problem.residuals(at: trial)
                    guard rv.count == m else {
                        throw LeastSquaresError.dimensionMismatch("residuals changed length: \(rv.count) ≠ \(m)")
                    }
                    let norm = MINPACK.enorm(rv)
                    if norm.isFinite { trialResiduals = rv; fnorm1 = norm } else { failed += 1; failuresSinceAcceptance += 1 }
                } catch let error as LeastSquaresError {
                    throw error
                } catch {
                    failed += 1
                    failuresSinceAcceptance += 1
                }
                nfev += 1
                var actred = -1.0
                if 0.1 * fnorm1 < fnorm { actred = 1 - (fnorm1 / fnorm) * (fnorm1 / fnorm) }
                // Predicted reduction and directional derivative from ‖J p‖ and λ‖D p‖².
                for j in 0..<n {
                    scaled[j] = 0
                    let temp = step[ipvt[j]]
                    for i in 0...j { scaled[i] += r[i + j * n] * temp }
                }
                let temp1 = MINPACK.enorm(scaled) / fnorm
                let temp2 = par.squareRoot() * pnorm / fnorm
                let prered = temp1 * temp1 + temp2 * temp2 / 0.5
                let dirder = -(temp1 * temp1 + temp2 * temp2)
                let ratio = prered != 0 ? actred / prered : 0
                // Update the trust radius (lmder's rules).
                if ratio <= 0.25 {
                    var temp = actred >= 0 ? 0.5 : 0.5 * dirder / (dirder + 0.5 * actred)
                    if 0.1 * fnorm1 >= fnorm || temp < 0.1 { temp = 0.1 }
                    delta = temp * min(delta, pnorm / 0.1)
                    par /= temp
                } else if par == 0 || ratio >= 0.75 {
                    delta = pnorm / 0.5
                    par *= 0.5
                }
                if ratio >= 1e-4, let accepted1 = trialResiduals {
                    x = trial
                    fvec = accepted1
                    fnorm = fnorm1
                    for j in 0..<n { scaled[j] = diag[j] * x[j] }
                    xnorm = MINPACK.enorm(scaled)
                    accepted += 1
                    lastStepNorm = pnorm
                    consecutiveFailures = 0
                    failuresSinceAcceptance = 0
                    jacobianIsCurrent = false
                } else {
                    rejected += 1
                    consecutiveFailures += 1
                }
                // Convergence tests (lmder's order and meaning).
                let ftolMet = abs(actred) <= c.ftol && prered <= c.ftol && 0.5 * ratio <= 1
                let xtolMet = delta <= c.xtol * xnorm
                if ftolMet && xtolMet {
                    return try finish(.converged, "ftol and xtol: relative reduction ≤ \(c.ftol), Δ ≤ \(c.xtol)·‖Dx‖")
                }
                if ftolMet { return try finish(.converged, "ftol: relative reduction ≤ \(c.ftol)") }
                if xtolMet && failuresSinceAcceptance > 0 {
                    // Δ shrank because evaluations failed, not because the model fits: not convergence.
                    return try finish(.stalled, "stalled: trust radius Δ = \(delta) collapsed after \(failuresSinceAcceptance) failed residual evaluations since the last accepted step")
                }
                if xtolMet { return try finish(.converged, "xtol: trust radius Δ = \(delta) ≤ \(c.xtol)·‖Dx‖") }
                let eps = MINPACK.epsmch
                if abs(actred) <= eps && prered <= eps && 0.5 * ratio <= 1 {
                    return try finish(.stalled, "stalled: relative reduction below machine precision (ftol \(c.ftol) too small?)")
                }
                if delta <= eps * xnorm {
                    return try finish(.stalled, "stalled: trust radius below machine precision relative to ‖Dx‖ (xtol \(c.xtol) not met)")
                }
                if gnorm <= eps {
                    return try finish(.stalled, "stalled: residuals orthogonal to the Jacobian columns to machine precision (gtol \(c.gtol) too small?)")
                }
                if consecutiveFailures >= c.maxConsecutiveFailedTrials {
                    return try finish(.stalled, "stalled: \(consecutiveFailures) consecutive rejected trials")
                }
                if ratio >= 1e-4 && trialResiduals != nil { break }
            }
        }
    }
}

/// Inconsistent sizes passed to a least-squares routine.
public enum LeastSquaresError: Error, Equatable, Sendable, CustomStringConvertible {
    case dimensionMismatch(String)

    public var description: String {
        switch self {
        case let .dimensionMismatch(message): return "least squares: \(message)"
        }
    }
}
