#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Configuration of the adaptive step-size controller: only knobs, no per-solve
/// state, so one value serves many solves (and ACA's replays).
///
/// Elementary (I) control (Hairer, Nørsett & Wanner, *Solving ODEs I*, §II.4):
/// `err = ‖e / sc‖_RMS` with `scᵢ = atol + rtol·max(|yᵢ|, |y⁺ᵢ|)`; a step is accepted when
/// `err ≤ 1`, and the next step is `h·clamp(safety·err^(−1/(q+1)), minFactor, maxFactor)`,
/// never growing right after a rejection. The first step follows Hairer's starting-step rule
/// unless `initialStep` is given.
public struct StepSizeController: Sendable, Hashable {
    public var relativeTolerance: Double
    public var absoluteTolerance: Double
    public var safety: Double = 0.9
    public var minFactor: Double = 0.2
    public var maxFactor: Double = 10
    /// Most step attempts (accepted + rejected) before `maxStepsExceeded`.
    public var maxSteps: Int = 1_000_000
    /// Smallest step the controller may propose before `stepSizeUnderflow`
    /// (0: only the floating-point floor of 16 ulp of `t`).
    public var minStep: Double = 0
    /// Largest step (∞: none).
    public var maxStep: Double = .infinity
    /// First step to try; `nil` uses Hairer's rule (one extra evaluation).
    public var initialStep: Double? = nil

    public init(
        rtol: Double, atol: Double, safety: Double = 0.9, minFactor: Double = 0.2, maxFactor: Double = 10,
        maxSteps: Int = 1_000_000, minStep: Double = 0, maxStep: Double = .infinity, initialStep: Double? = nil
    ) {
        self.relativeTolerance = rtol
        self.absoluteTolerance = atol
        self.safety = safety
        self.minFactor = minFactor
        self.maxFactor = maxFactor
        self.maxSteps = maxSteps
        self.minStep = minStep
        self.maxStep = maxStep
        self.initialStep = initialStep
    }

    /// Rejects settings that would make the controller meaningless.
    public func validate() throws(ODEError) {
        func bad(_ name: String, _ value: Double, _ requirement: String) -> ODEError {
            .invalidInput(.invalidSetting(name: name, value: value, requirement: requirement))
        }
        let rtol = relativeTolerance, atol = absoluteTolerance
        guard rtol.isFinite, rtol >= 0 else { throw bad("rtol", rtol, "finite and ≥ 0") }
        guard atol.isFinite, atol >= 0 else { throw bad("atol", atol, "finite and ≥ 0") }
        guard rtol > 0 || atol > 0 else { throw bad("rtol + atol", rtol + atol, "> 0 (both tolerances are zero)") }
        guard safety > 0, safety <= 1 else { throw bad("safety", safety, "in (0, 1]") }
        guard minFactor > 0, minFactor <= 1 else { throw bad("minFactor", minFactor, "in (0, 1]") }
        guard maxFactor >= 1, maxFactor.isFinite else { throw bad("maxFactor", maxFactor, "finite and ≥ 1") }
        guard maxSteps > 0 else { throw bad("maxSteps", Double(maxSteps), "> 0") }
        guard minStep >= 0, minStep.isFinite else { throw bad("minStep", minStep, "finite and ≥ 0") }
        guard maxStep > 0, maxStep >= minStep else { throw bad("maxStep", maxStep, "> 0 and ≥ minStep") }
        if let h = initialStep, !(h > 0 && h.isFinite) { throw bad("initialStep", h, "finite and > 0") }
    }

    /// The factor by which to scale the step after an attempt with error norm `err`
    /// (`err ≤ 1`: accepted), for an estimator of order `q`.
    /// `power`, when given, is `Self.power(error: err, estimatorOrder: q)` computed beforehand (the same value).
    @inlinable
    public func stepFactor(error err: Double, estimatorOrder q: Int, afterRejection: Bool, power: Double? = nil) -> Double {
        guard err.isFinite else { return minFactor }
        if err == 0 { return afterRejection ? 1 : maxFactor }
        var factor = safety * (power ?? Self.power(error: err, estimatorOrder: q))
        factor = min(maxFactor, max(minFactor, factor))
        if err > 1 || afterRejection { factor = min(factor, 1) }
        return factor
    }

    /// `err^(−1/(q+1))`, the power ``stepFactor(error:estimatorOrder:afterRejection:power:)`` scales by
    /// (for finite, non-zero `err`). Apart so that ``LaneIntegrator`` computes its lanes' powers back to
    /// back: independent `pow` calls overlap, where one per lane's bookkeeping waited on its latency.
    @inlinable
    public static func power(error err: Double, estimatorOrder q: Int) -> Double {
        pow(err, -1 / Double(q + 1))
    }
}
