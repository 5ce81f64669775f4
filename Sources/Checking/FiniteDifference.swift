import Gradients
import ODE

/// Finite-difference gradients: the reference every hand-written derivative is checked against.
///
/// The stencil is the fourth-order five-point central difference
/// `f'(x) ≈ (8f(x+h) − 8f(x−h) − f(x+2h) + f(x−2h)) / 12h` (Fornberg 1988), whose truncation
/// error `O(h⁴)` and rounding error `O(ε/h)` balance near `h ≈ ε^{1/5} ≈ 7e-4` (Nocedal & Wright,
/// *Numerical Optimization*, §8.1).
public enum FiniteDifference {
    /// How the step of each variable is chosen.
    public enum Step: Sendable, Equatable {
        /// `h = scale · max(1, |xᵢ|)`: the five-point stencil's balance point with
        /// `scale = ε^{1/5}` (about 7.4e-4). The default.
        case automatic
        /// `h = scale · max(1, |xᵢ|)`.
        case relative(Double)
        /// The same `h` for every variable.
        case absolute(Double)

        /// The step for a variable whose value is `x`.
        public func size(at x: Double) -> Double {
            switch self {
            case .automatic: Self.balancedScale * max(1, abs(x))
            case .relative(let scale): scale * max(1, abs(x))
            case .absolute(let h): h
            }
        }

        /// `ε^{1/5} = (2.22e-16)^{0.2} ≈ 7.4e-4`, where the five-point stencil's truncation and
        /// rounding errors balance.
        public static let balancedScale = 7.4e-4
    }

    /// `∇f(x)` by five-point central differences, one variable at a time (4 evaluations each).
    public static func gradient<E: Error>(
        of f: ([Double]) throws(E) -> Double, at x: [Double], step: Step = .automatic
    ) throws(E) -> [Double] {
        var gradient = [Double](repeating: 0, count: x.count)
        var shifted = x
        for i in x.indices {
            let h = step.size(at: x[i])
            func value(_ delta: Double) throws(E) -> Double {
                shifted[i] = x[i] + delta
                defer { shifted[i] = x[i] }
                return try f(shifted)
            }
            let plus = try value(h), minus = try value(-h), plus2 = try value(2 * h), minus2 = try value(-2 * h)
            gradient[i] = (8 * plus - 8 * minus - plus2 + minus2) / (12 * h)
        }
        return gradient
    }

    /// `[∂L/∂p, ∂L/∂y₀]` of a gradient problem's loss by finite differences of full adaptive
    /// solves: the reference for ``computeGradient`` with any method. The tolerances of `problem`
    /// bound the accuracy (take them tight: rtol ≤ 1e-10).
    public static func gradient<Field: DifferentiableVectorField>(
        of problem: GradientProblem<Field>, step: Step = .automatic
    ) throws(ODEError) -> [Double] {
        let m = problem.parameters.count
        return try gradient(of: { (theta: [Double]) throws(ODEError) -> Double in
            var copy = problem
            copy.parameters = Array(theta[0..<m])
            copy.initialState = Array(theta[m...])
            return try evaluateLoss(copy).loss
        }, at: problem.parameters + problem.initialState, step: step)
    }
}
