import Gradients
import ODE
import Optimizers

/// A fit's settings as a person states them (a command line, a settings file): the gradient, observation mode,
/// batching and solver by name, and nil for each knob left to the optimizer that runs.
///
/// ``validate()`` names the first knob that cannot work (`FitRequest.rtol`, …), always in the same order, so the
/// same request always draws the same message. ``settings(strategy:optimizer:schedule:)`` turns the request into
/// ``FitSettings`` plus the ``FitSettings/StrategyDefaults`` left open, which
/// ``FitSettings/configuration(model:data:observedComponents:dataset:leaving:)`` fills for the optimizer that runs
/// (Levenberg–Marquardt takes dop853 at rtol 1e-10, atol 1e-12; the others dopri5 at 1e-7, 1e-9).
///
/// ``atol`` may be 0 (a pure relative tolerance, as ``StepSizeController/validate()`` allows, and as fits read
/// from a ``FitConfiguration`` run); ``FitSettings/validate()``, which the typed ``Trainer`` entry point calls,
/// asks for ``FitSettings/atol`` > 0.
public struct FitRequest: Sendable {
    /// `aca`, `adjoint`, `naive` or `mali` (``GradientMethod/init(named:adjointRtol:adjointAtol:)``).
    public var gradient: String
    /// `auto` (chosen from the data), `step` or `dense` (``ObservationMode``).
    public var observationMode: String
    /// `auto`, `per-trajectory`, `shared-grid` or `lockstep` (``FitBatching``).
    public var batching: String
    /// An adaptive tableau's name (``ButcherTableau/named(_:)``), or `alf` with the `mali` gradient.
    public var solver: String?
    public var rtol: Double?
    public var atol: Double?
    public var iterations: Int?
    /// Bounds by parameter or block name, as ``ParameterBounds/parse(_:)`` reads them.
    public var bounds: String?
    public var batchSize: Int?
    /// scipy's stopping tolerances (``ConvergenceTolerances``).
    public var ftol: Double?
    public var xtol: Double?
    public var gtol: Double?
    public var threads: Int
    public var validateEvery: Int
    public var checkpointEvery: Int
    /// The ``FitSettings`` fields of the same names, passed through.
    public var seed: UInt64
    public var learnInitialState: Bool
    public var positivity: Bool
    public var restarts: Int?
    public var clipNorm: Double?
    public var trainUntil: Double?
    public var validateUntil: Double?
    public var validationFraction: Double
    public var patience: Int?
    public var timeWeightBase: Double?
    /// What the data measure: `all`, `positions` or component indices; for an equation model, state names
    /// (``configuration(model:data:source:strategy:optimizer:schedule:)``).
    public var observe: String
    /// Equation models: the initial values of the states ``observe`` leaves out (`S=0.99,R=0`).
    public var initialState: String?

    public init(gradient: String = "aca", observationMode: String = "auto", batching: String = "auto", solver: String? = nil,
                rtol: Double? = nil, atol: Double? = nil, iterations: Int? = nil, bounds: String? = nil, batchSize: Int? = nil,
                ftol: Double? = nil, xtol: Double? = nil, gtol: Double? = nil, threads: Int, validateEvery: Int = 5,
                checkpointEvery: Int = 25, seed: UInt64 = 0, learnInitialState: Bool = false, positivity: Bool = true,
                restarts: Int? = nil, clipNorm: Double? = nil, trainUntil: Double? = nil, validateUntil: Double? = nil,
                validationFraction: Double = 0, patience: Int? = nil, timeWeightBase: Double? = nil,
                observe: String = "all", initialState: String? = nil) {
        (self.gradient, self.observationMode, self.batching, self.solver) = (gradient, observationMode, batching, solver)
        (self.rtol, self.atol, self.iterations, self.bounds, self.batchSize) = (rtol, atol, iterations, bounds, batchSize)
        (self.ftol, self.xtol, self.gtol) = (ftol, xtol, gtol)
        (self.threads, self.validateEvery, self.checkpointEvery) = (threads, validateEvery, checkpointEvery)
        (self.seed, self.learnInitialState, self.positivity, self.restarts) = (seed, learnInitialState, positivity, restarts)
        (self.clipNorm, self.trainUntil, self.validateUntil) = (clipNorm, trainUntil, validateUntil)
        (self.validationFraction, self.patience, self.timeWeightBase) = (validationFraction, patience, timeWeightBase)
        (self.observe, self.initialState) = (observe, initialState)
    }

    /// Throws ``FitError`` naming the first of these that cannot work: ``iterations`` (≥ 0), ``bounds`` (parsed),
    /// ``batchSize`` (positive), the ``gradient`` and ``observationMode`` names, the pairing of the `mali` gradient
    /// with the `alf` solver, ``solver`` (adaptive), ``rtol`` (finite, > 0), ``atol`` (finite, ≥ 0), and
    /// ``threads``, ``validateEvery`` and ``checkpointEvery`` (positive). The rest is checked by
    /// ``FitSettings/validateSchedule()`` on the settings, and ``batching`` by ``settings(strategy:optimizer:schedule:)``.
    public func validate() throws(FitError) {
        if let iterations { guard iterations >= 0 else { throw FitError("FitRequest.iterations must be ≥ 0 (got \(iterations))") } }
        if let bounds { _ = try ParameterBounds.parse(bounds) }
        if let batchSize { guard batchSize > 0 else { throw FitError("FitRequest.batchSize must be positive (got \(batchSize))") } }
        guard ["aca", "adjoint", "naive", "mali"].contains(gradient) else {
            throw FitError("FitRequest.gradient must be aca, adjoint, naive or mali (got \(gradient))")
        }
        guard ["auto", "step", "dense"].contains(observationMode) else {
            throw FitError("FitRequest.observationMode must be auto, step or dense (got \(observationMode))")
        }
        if gradient == "mali", let solver, solver != "alf" {
            throw FitError("FitRequest.gradient mali differentiates the asynchronous leapfrog: use FitRequest.solver alf or leave FitRequest.solver out (got \(solver))")
        }
        if let solver, solver == "alf", gradient != "mali" {
            throw FitError("FitRequest.solver alf (the asynchronous leapfrog) is differentiated only by FitRequest.gradient mali (got FitRequest.gradient \(gradient))")
        }
        if let solver, solver != "alf" {
            guard let tableau = ButcherTableau.named(solver), tableau.isAdaptive else {
                throw FitError("FitRequest.solver must be adaptive: \(ButcherTableau.adaptiveNames) (got \(solver))")
            }
        }
        if let rtol { guard rtol > 0, rtol.isFinite else { throw FitError("FitRequest.rtol must be finite and > 0 (got \(rtol))") } }
        if let atol { guard atol >= 0, atol.isFinite else { throw FitError("FitRequest.atol must be finite and ≥ 0 (got \(atol))") } }
        guard threads > 0, validateEvery > 0, checkpointEvery > 0 else {
            throw FitError("FitRequest.threads, FitRequest.validateEvery and FitRequest.checkpointEvery must be positive")
        }
    }

    /// The settings this request gives, with `strategy`, `optimizer` and `schedule` (parsed by the caller), and the
    /// knobs it leaves open (nil ``solver``, ``rtol``, ``atol``, ``iterations``, ``ftol``, ``xtol``, ``gtol``).
    /// Until the optimizer is known, open knobs hold the first-order defaults: dopri5, rtol 1e-7, atol 1e-9 (also
    /// the adjoint's backward tolerances), ftol 2.2e-9, xtol 1e-10, gtol 1e-5.
    /// - Throws: ``FitError`` for unparsable ``bounds`` or an unknown ``batching``.
    public func settings(strategy: OptimizationStrategy, optimizer: OptimizerSpecification,
                         schedule: LearningRateSchedule) throws(FitError) -> (FitSettings, open: FitSettings.StrategyDefaults) {
        let method = GradientMethod(named: gradient, adjointRtol: rtol ?? 1e-7, adjointAtol: atol ?? 1e-9) ?? .aca
        var settings = FitSettings(
            optimizer: optimizer, iterations: iterations ?? 0, threads: threads, gradient: method,
            tableau: solver.flatMap(ButcherTableau.named) ?? .dormandPrince5, rtol: rtol ?? 1e-7, atol: atol ?? 1e-9,
            observationMode: ObservationMode(rawValue: observationMode), schedule: schedule, strategy: strategy, seed: seed,
            batchSize: batchSize, learnInitialState: learnInitialState, positivity: positivity, checkpointEvery: checkpointEvery)
        settings.clipNorm = clipNorm
        settings.trainUntil = trainUntil
        settings.validateUntil = validateUntil
        settings.validationFraction = validationFraction
        settings.validateEvery = validateEvery
        settings.patience = patience
        settings.timeWeightBase = timeWeightBase
        settings.tolerances = ConvergenceTolerances(ftol: ftol ?? 2.2e-9, xtol: xtol ?? 1e-10, gtol: gtol ?? 1e-5)
        settings.bounds = try bounds.map { text throws(FitError) in try ParameterBounds.parse(text) }
        settings.restarts = restarts
        guard let batching = FitBatching(rawValue: batching) else {
            throw FitError("FitRequest.batching must be auto, per-trajectory, shared-grid or lockstep (got \(batching))")
        }
        settings.batching = batching
        let given: [(Bool, FitSettings.StrategyDefaults)] = [
            (solver != nil, .tableau), (rtol != nil, .rtol), (atol != nil, .atol), (iterations != nil, .iterations),
            (ftol != nil, .ftol), (xtol != nil, .xtol), (gtol != nil, .gtol),
        ]
        return (settings, FitSettings.StrategyDefaults(given.filter { !$0.0 }.map(\.1)))
    }
}
