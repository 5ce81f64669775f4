/// Which optimizer family a fit runs.
///
/// - `auto`: Levenberg–Marquardt when the loss is a sum of squares over at most
///   ``OptimizationStrategy/leastSquaresParameterLimit`` parameters (physical models) and the
///   training data have at least as many residuals as learned values (LM's Gauss–Newton model
///   needs `R ≥ P`, Moré 1978), else the first-order optimizer followed by an L-BFGS polish
///   (neural and hybrid models, or too few observations) — what scientists fitting a handful of
///   constants and neural-ODE practitioners each do.
/// - `levenbergMarquardt`: trust-region LM (MINPACK `lmder`) on residuals whose Jacobian comes from
///   forward sensitivities of the discrete solve.
/// - `lbfgs`: L-BFGS with a strong-Wolfe line search on the loss and its gradient (ACA, adjoint or naive).
/// - `firstOrder`: the configured AdaBelief/Adam/SGD/RAdam for `iterations` steps.
/// - `firstOrderThenLBFGS`: the first-order optimizer, then L-BFGS from where it stopped.
public enum OptimizationStrategy: String, Codable, Sendable, CaseIterable {
    case auto
    case levenbergMarquardt = "lm"
    case lbfgs
    case firstOrder = "first-order"
    case firstOrderThenLBFGS = "first-order+lbfgs"

    /// `auto` chooses Levenberg–Marquardt up to this many parameters (the Jacobian costs one
    /// forward-sensitivity column per parameter, and its QR grows with the square of the count).
    public static let leastSquaresParameterLimit = 200

    /// The concrete strategy for a problem with `parameterCount` learned values and, when known,
    /// `residualCount` observed training values: `auto` never picks Levenberg–Marquardt for
    /// fewer residuals than learned values, which LM cannot solve.
    public func resolved(parameterCount: Int, residualCount: Int? = nil) -> OptimizationStrategy {
        guard self == .auto else { return self }
        if let residualCount, residualCount < parameterCount { return .firstOrderThenLBFGS }
        return parameterCount <= Self.leastSquaresParameterLimit ? .levenbergMarquardt : .firstOrderThenLBFGS
    }
}

/// When a fit has converged, with scipy's meanings (`least_squares`, L-BFGS-B).
public struct ConvergenceTolerances: Codable, Sendable, Equatable {
    /// Relative change of the loss (actual and predicted, for LM) below which the fit has converged.
    public var ftol: Double
    /// Relative step size below which the fit has converged.
    public var xtol: Double
    /// Gradient measure below which the fit has converged (LM: max cosine between residuals and
    /// Jacobian columns; L-BFGS and first-order: ‖∂L/∂u‖∞ in the optimizer's variables).
    public var gtol: Double

    public init(ftol: Double = 1e-8, xtol: Double = 1e-8, gtol: Double = 1e-8) {
        self.ftol = ftol
        self.xtol = xtol
        self.gtol = gtol
    }

    /// scipy's defaults: 1e-8 each.
    public static let standard = ConvergenceTolerances()
}

/// How a fit ended. Each word means exactly that:
/// `converged` (a tolerance was met), `max-iterations` (the budget ran out first: not converged),
/// `stalled` (no further progress possible: no acceptable step, or the validation loss stopped
/// improving under `patience`), `diverged` (a non-finite loss or a failed solve), `interrupted`
/// (Ctrl-C; resumable), `running` (a checkpoint written mid-fit).
public enum FitStatus: String, Codable, Sendable {
    case converged
    case maxIterations = "max-iterations"
    case stalled
    case diverged
    case interrupted
    case running
}
