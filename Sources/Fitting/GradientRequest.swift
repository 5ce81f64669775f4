import Gradients
import ODE

/// The settings of a ``GradientStudy`` as a person states them (`orrery gradient`'s flags): the methods, solver,
/// observation and observation mode by name, with the tolerances, trajectory and thread count.
///
/// ``validate()`` names the first setting that cannot work (`GradientRequest.rtol`, …), always in the same order;
/// ``methods()``, ``tableau``, ``controller`` and ``mode`` are then the typed values the study runs with.
public struct GradientRequest: Sendable {
    /// `naive`, `adjoint`, `aca` or `mali`, a comma-separated list, or `all` (``GradientMethod/list(parsing:adjointRtol:adjointAtol:)``).
    public var method: String
    /// An adaptive tableau's name (``ButcherTableau/named(_:)``), or `alf` (the asynchronous leapfrog, for `mali` only).
    public var solver: String
    /// The forward solve's tolerances (``StepSizeController``; each ≥ 0, not both 0).
    public var rtol: Double
    public var atol: Double
    /// The continuous adjoint's backward tolerances (nil: ``rtol`` and ``atol``).
    public var adjointRtol: Double?
    public var adjointAtol: Double?
    /// `positions` or `all`.
    public var observe: String
    /// `step` or `dense` (``ObservationMode``).
    public var observationMode: String
    /// The one trajectory to use (nil: all of them, as one batch).
    public var trajectory: Int?
    public var threads: Int
    /// Timed repetitions after the first gradient (``GradientStudy/gradients(methods:threads:repeats:)``).
    public var `repeat`: Int

    public init(method: String = "aca", solver: String = "dopri5", rtol: Double = 1e-9, atol: Double = 1e-9,
                adjointRtol: Double? = nil, adjointAtol: Double? = nil, observe: String = "all", observationMode: String = "step",
                trajectory: Int? = nil, threads: Int, repeat: Int = 0) {
        (self.method, self.solver, self.rtol, self.atol, self.adjointRtol, self.adjointAtol) = (method, solver, rtol, atol, adjointRtol, adjointAtol)
        (self.observe, self.observationMode, self.trajectory, self.threads, self.repeat) = (observe, observationMode, trajectory, threads, `repeat`)
    }

    /// The methods, by name, with the adjoint's backward tolerances.
    /// - Throws: ``FitError`` for an unknown name or an empty list.
    public func methods() throws(FitError) -> [(name: String, method: GradientMethod)] {
        try GradientMethod.list(parsing: method, adjointRtol: adjointRtol ?? rtol, adjointAtol: adjointAtol ?? atol)
    }

    /// The tableau named by ``solver`` (dopri5 for `alf`, whose steps MALI takes itself).
    public var tableau: ButcherTableau { ButcherTableau.named(solver) ?? .dormandPrince5 }
    /// The forward solve's step-size controller.
    public var controller: StepSizeController { StepSizeController(rtol: rtol, atol: atol) }
    /// ``observationMode`` (step when unknown; ``validate()`` refuses that).
    public var mode: ObservationMode { ObservationMode(rawValue: observationMode) ?? .stepOnObservations }

    /// Throws ``FitError`` naming the first setting that cannot work: the ``method`` list, the pairing of `alf`
    /// with `mali` only, ``solver`` (adaptive), the four tolerances (finite, ≥ 0; ``rtol`` and ``atol`` not both 0),
    /// ``observe``, ``observationMode``, ``trajectory`` (≥ 0), ``threads`` (positive) and ``repeat`` (≥ 0).
    public func validate() throws(FitError) {
        let names = try methods().map(\.name)
        if solver == "alf" {
            guard names.allSatisfy({ $0 == "mali" }) else {
                throw FitError("GradientRequest.solver alf (the asynchronous leapfrog) is differentiated by GradientRequest.method mali only; use an RK GradientRequest.solver for \(names.filter { $0 != "mali" }.joined(separator: ", "))")
            }
        } else {
            guard let tableau = ButcherTableau.named(solver), tableau.isAdaptive else {
                throw FitError("GradientRequest.solver must be an adaptive method: \(ButcherTableau.adaptiveNames), or alf (got \(solver))")
            }
            guard !names.contains("mali") else {
                throw FitError("GradientRequest.method mali differentiates the asynchronous leapfrog: give GradientRequest.solver alf (got GradientRequest.solver \(solver))")
            }
        }
        let tolerances = [("rtol", rtol), ("atol", atol), ("adjointRtol", adjointRtol ?? rtol), ("adjointAtol", adjointAtol ?? atol)]
        for (name, value) in tolerances {
            guard value >= 0, value.isFinite else { throw FitError("GradientRequest.\(name) must be finite and ≥ 0 (got \(value))") }
        }
        guard rtol > 0 || atol > 0 else { throw FitError("GradientRequest.rtol and GradientRequest.atol cannot both be 0") }
        guard ["positions", "all"].contains(observe) else { throw FitError("GradientRequest.observe must be positions or all (got \(observe))") }
        guard ObservationMode(rawValue: observationMode) != nil else {
            throw FitError("GradientRequest.observationMode must be step or dense (got \(observationMode))")
        }
        if let trajectory { guard trajectory >= 0 else { throw FitError("GradientRequest.trajectory must be ≥ 0 (got \(trajectory))") } }
        guard threads > 0 else { throw FitError("GradientRequest.threads must be positive (got \(threads))") }
        guard `repeat` >= 0 else { throw FitError("GradientRequest.repeat must be ≥ 0 (got \(`repeat`))") }
    }
}
