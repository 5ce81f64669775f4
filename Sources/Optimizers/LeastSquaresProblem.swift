/// A nonlinear least-squares problem: minimise ½‖r(x)‖² over x ∈ ℝᴾ, with r: ℝᴾ → ℝᴿ and R ≥ P.
///
/// Solved by ``LevenbergMarquardt``; ``LeastSquaresStatistics`` turns the Jacobian and residuals at the optimum
/// into standard errors.
public protocol LeastSquaresProblem {
    /// P, the number of parameters.
    var parameterCount: Int { get }
    /// Residual vector at x (length R, fixed across calls).
    ///
    /// Throwing (for example an ODE solve that fails at a wild trial point) is not fatal: the solver treats the
    /// trial as rejected, shrinks the trust region and counts it in ``LeastSquaresResult/failedTrials``. Only a
    /// throw at the starting point makes ``LevenbergMarquardt/minimize(_:from:configuration:onIteration:)`` throw.
    func residuals(at x: [Double]) throws -> [Double]
    /// Row-major R × P Jacobian ∂r/∂x, always called at the x whose residuals were evaluated last.
    func jacobian(at x: [Double]) throws -> [Double]
}

/// A ``LeastSquaresProblem`` made of two closures (tests, small scripts).
public struct ClosureLeastSquaresProblem: LeastSquaresProblem {
    public let parameterCount: Int
    private let residualFunction: ([Double]) throws -> [Double]
    private let jacobianFunction: ([Double]) throws -> [Double]

    /// - Parameters:
    ///   - residuals: x ↦ r(x), length R.
    ///   - jacobian: x ↦ row-major R × P ∂r/∂x.
    public init(
        parameterCount: Int,
        residuals: @escaping ([Double]) throws -> [Double],
        jacobian: @escaping ([Double]) throws -> [Double]
    ) {
        self.parameterCount = parameterCount
        self.residualFunction = residuals
        self.jacobianFunction = jacobian
    }

    public func residuals(at x: [Double]) throws -> [Double] { try residualFunction(x) }
    public func jacobian(at x: [Double]) throws -> [Double] { try jacobianFunction(x) }
}
