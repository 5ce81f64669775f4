/// Every way `solve` (and friends) can fail. Thrown with typed throws; nothing traps
/// on bad input.
public enum ODEError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The integration started but could not reach the end.
    case integrationFailed(IntegrationFailure)
    /// The request itself is malformed; nothing was integrated.
    case invalidInput(InvalidInput)

    public var description: String {
        switch self {
        case .integrationFailed(let failure): failure.description
        case .invalidInput(let input): "invalid input: \(input)"
        }
    }
}

/// A solve that started but stopped early, with the diagnostics to fix it.
public struct IntegrationFailure: Equatable, Sendable, CustomStringConvertible {
    public enum Reason: Equatable, Sendable {
        /// The controller asked for a step below `minStep` (or below 16 ulp of `t`).
        case stepSizeUnderflow
        /// More than `maxSteps` steps were attempted.
        case maxStepsExceeded(limit: Int)
        /// A state or derivative component became NaN or ±∞.
        case nonFiniteState(component: Int)
        /// A solve with a clock (``SolveOptions/clock``) reached its bound `t1` on the fictitious
        /// time while the clock was still short of `target`, the last save time.
        case clockShort(reached: Double, target: Double)
    }

    public let reason: Reason
    /// Time reached (last accepted step).
    public let t: Double
    /// Step size at the moment of failure.
    public let dt: Double
    public let acceptedSteps: Int
    public let rejectedSteps: Int
    public let functionEvaluations: Int

    public init(reason: Reason, t: Double, dt: Double, acceptedSteps: Int, rejectedSteps: Int, functionEvaluations: Int) {
        self.reason = reason
        self.t = t
        self.dt = dt
        self.acceptedSteps = acceptedSteps
        self.rejectedSteps = rejectedSteps
        self.functionEvaluations = functionEvaluations
    }

    /// Which knob to turn.
    public var remedy: String {
        switch reason {
        case .stepSizeUnderflow:
            "the solution is (near-)singular here (e.g. a collision) or the problem is stiff; "
                + "loosen rtol/atol, lower minStep, regularise the field (softening), or stop before t"
        case .maxStepsExceeded:
            "raise maxSteps, loosen rtol/atol, or shorten the time span; a stiff problem needs an implicit method"
        case .nonFiniteState:
            "the field returned NaN/∞: check it at this state and time, use a smaller dt (fixed step) "
                + "or tighter tolerances, or add softening near singularities"
        case .clockShort:
            "raise the bound t1 on the fictitious time, or check that the time transformation's dt/ds is positive"
        }
    }

    public var description: String {
        let what = switch reason {
        case .stepSizeUnderflow: "step size underflow"
        case .maxStepsExceeded(let limit): "more than maxSteps = \(limit) steps"
        case .nonFiniteState(let component): "non-finite state (component \(component))"
        case .clockShort(let reached, let target): "the clock reached only \(reached) of \(target)"
        }
        return "integration failed: \(what) at t = \(t), dt = \(dt) after \(acceptedSteps) accepted and "
            + "\(rejectedSteps) rejected steps (\(functionEvaluations) evaluations); \(remedy)"
    }
}

/// A malformed request, rejected before any work is done.
public enum InvalidInput: Equatable, Sendable, CustomStringConvertible {
    case nonFiniteInitialState(index: Int)
    case nonFiniteTime(name: String, value: Double)
    case dimensionMismatch(name: String, expected: Int, actual: Int)
    case invalidSetting(name: String, value: Double, requirement: String)
    case timesNotSorted(name: String, index: Int)
    case timeOutsideSpan(name: String, time: Double, t0: Double, t1: Double)
    case methodHasNoErrorEstimate(method: String)
    case denseOutputNotStored
    /// A method that differentiates the stage times (the naive gradient) got a field that
    /// depends on `t` but supplies no `∂f/∂t` (`TimeDifferentiableVectorField`).
    case timeDerivativeMissing(method: String)

    public var description: String {
        switch self {
        case .nonFiniteInitialState(let i):
            "y0[\(i)] is NaN or infinite"
        case .nonFiniteTime(let name, let value):
            "\(name) = \(value) is not finite"
        case .dimensionMismatch(let name, let expected, let actual):
            "\(name) has \(actual) entries, the field expects \(expected)"
        case .invalidSetting(let name, let value, let requirement):
            "\(name) = \(value); it must be \(requirement)"
        case .timesNotSorted(let name, let index):
            "\(name) is not sorted in the direction of integration at index \(index)"
        case .timeOutsideSpan(let name, let time, let t0, let t1):
            "\(name) contains \(time), outside the span [\(t0), \(t1)]"
        case .methodHasNoErrorEstimate(let method):
            "\(method) has no error estimate: use .fixed(dt:) or an adaptive method (\(ButcherTableau.adaptiveNames))"
        case .denseOutputNotStored:
            "this solution kept no dense output: solve with options.storeDenseOutput = true, or use options.saveAt"
        case .timeDerivativeMissing(let method):
            "the \(method) gradient differentiates the step sizes and so needs ∂f/∂t, but this field depends on t "
                + "and does not supply it (TimeDifferentiableVectorField): use the aca gradient (GradientMethod.aca), "
                + "naive-frozen, or the adjoint, or give the field timeDerivative"
        }
    }
}
