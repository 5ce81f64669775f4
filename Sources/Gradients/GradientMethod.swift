/// How the gradient of a loss through an adaptive solve is computed.
public enum GradientMethod: Sendable, Hashable, CustomStringConvertible {
    /// Reverse-mode through everything the forward pass computed: every trial step,
    /// rejected ones included, the error estimates, the step-size controller's
    /// `h ← h·clamp(safety·err^(−1/(q+1)))` and Hairer's starting-step rule. The tape holds
    /// every trial's stages (memory ∝ trials × stages × dimension). The exact derivative
    /// of the adaptive solver's output. The stage times `t + cⱼh` move with the step sizes,
    /// so a field that depends on `t` must supply `∂f/∂t` (`TimeDifferentiableVectorField`);
    /// one that does not is refused (`InvalidInput.timeDerivativeMissing`) — use `aca`.
    case naive
    /// Like `naive` (same tape, rejected trials recorded) but with the step sizes treated
    /// as constants, so only the accepted steps carry gradient: what ACA must equal.
    case naiveFrozenSteps
    /// The continuous adjoint (Chen et al. 2018): `[z, a, ∂L/∂θ]` integrated backward
    /// between observation times with the same tableau and these tolerances; `z` is reset
    /// to the forward value and `a` jumps by the loss cotangent at each observation time.
    /// Memory independent of the forward step count; the gradient is approximate.
    case adjoint(rtol: Double, atol: Double)
    /// Adaptive Checkpoint Adjoint (Zhuang et al. 2020): keep the accepted `(tᵢ, hᵢ, zᵢ)`;
    /// backward, replay each step from its checkpoint and apply the exact RK-step VJP.
    /// Exact for the discrete solve with its step sequence; memory O(N·dimension).
    case aca
    /// MALI (Zhuang et al., ICLR 2021): the forward solve is the asynchronous leapfrog
    /// (`solveLeapfrog`, undamped, this problem's controller; the tableau is not used) and keeps
    /// only the final augmented state `(z, v)` and the step schedule; backward, each step is
    /// inverted exactly and its local VJP applied. The gradient of the discrete ALF solve (like
    /// ACA) with memory independent of the step count apart from two scalars per step (like the
    /// adjoint). Observations are always landed on (step ends).
    case mali

    /// `"naive"`, `"naive-frozen"`, `"adjoint"`, `"aca"`, `"mali"`.
    public var name: String {
        switch self {
        case .naive: "naive"
        case .naiveFrozenSteps: "naive-frozen"
        case .adjoint: "adjoint"
        case .aca: "aca"
        case .mali: "mali"
        }
    }

    public var description: String {
        switch self {
        case .adjoint(let rtol, let atol): "adjoint(rtol: \(rtol), atol: \(atol))"
        default: name
        }
    }
}
