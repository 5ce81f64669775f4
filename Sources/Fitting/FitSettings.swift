import Gradients
import Models
import ODE
import Optimizers

/// Every knob of a fit, typed: the library's way to say how a model is fitted.
///
/// Nothing is hidden: the gradient method, the tableau and its tolerances, how observations are
/// read, the optimizer with all its hyperparameters, the iteration budget and the thread count are
/// all here (the thread count has no default: results never depend on it, but the time does).
/// ``configuration(model:)`` turns the settings into the stored ``FitConfiguration`` that fit files
/// carry and `orrery fit --resume` reads back; the command line maps its flags onto that form.
///
/// Errors name these properties (`FitSettings.threads`, `FitSettings.tableau`, …), not flags.
public struct FitSettings: Sendable {
    /// How `∂L/∂θ` is computed: ``GradientMethod/aca`` (Zhuang et al. 2020) by default.
    public var gradient: GradientMethod
    /// An adaptive Runge–Kutta pair (it must have an error estimate).
    public var tableau: ButcherTableau
    public var rtol: Double
    public var atol: Double
    /// Land steps on observation times or read them from the interpolant (nil: chosen from the data).
    public var observationMode: ObservationMode?
    /// The first-order optimizer with every hyperparameter (AdaBelief, Adam, RAdam, SGD).
    public var optimizer: OptimizerSpecification
    /// The learning rate over the iterations (first-order optimizers).
    public var schedule: LearningRateSchedule
    /// Which optimizer family runs; `.firstOrder` uses ``optimizer``.
    public var strategy: OptimizationStrategy
    public var iterations: Int
    /// Worker threads for the trajectories of a batch (≥ 1); the result is the same for every count.
    public var threads: Int
    /// Seeds batches, validation splits and restarts.
    public var seed: UInt64
    /// Trajectories per iteration (nil: all).
    public var batchSize: Int?
    /// Learn each training trajectory's initial state too.
    public var learnInitialState: Bool
    /// Move positive parameters (see the `domains` of `Trainer.fit`) in log space.
    public var positivity: Bool
    /// Hand a checkpoint to the sink every this many iterations (and at the end).
    public var checkpointEvery: Int
    /// The loss each trajectory contributes: the masked mean squared error by default, or your own
    /// (``ObservationLoss/custom(name:_:)``, ``ObservationLoss/huber(delta:)``). A loss that is not a sum
    /// of squares needs a gradient-based ``strategy`` (not Levenberg–Marquardt) and gets no standard errors.
    public var loss: ObservationLoss
    /// Solve trajectories that share a time grid as one batched system, or each by itself
    /// (``FitBatching``; default `.auto`: batched for neural fields that support it).
    public var batching: FitBatching
    /// Clip the gradient's global norm to this (first-order optimizers; nil: no clipping).
    public var clipNorm: Double? = nil
    /// Observations at t ≤ trainUntil train; later ones validate or test (an extrapolation split).
    public var trainUntil: Double? = nil
    /// With ``trainUntil``: observations in `(trainUntil, validateUntil]` validate; later ones test.
    public var validateUntil: Double? = nil
    /// Without ``trainUntil``: this fraction of trajectories is held out for validation.
    public var validationFraction: Double = 0
    /// Compute the validation loss every this many iterations.
    public var validateEvery: Int = 5
    /// Stop after this many validations without improvement (nil: never).
    public var patience: Int? = nil
    /// Weight an observation at time t by `timeWeightBase^t` (nil: 1; the ACA paper uses 0.01).
    public var timeWeightBase: Double? = nil
    /// Stopping rules, scipy's ftol/xtol/gtol (nil: ``ConvergenceTolerances/standard``).
    public var tolerances: ConvergenceTolerances? = nil
    /// Bounds by parameter name (`masses[1]`) or block name (`masses`).
    public var bounds: [String: ParameterBounds]? = nil
    /// Fit from this many starts (the given one and perturbed ones, in parallel) and keep the best (nil: 1).
    public var restarts: Int? = nil
    /// Iterations of the L-BFGS polish after a first-order phase (`firstOrderThenLBFGS`; nil: 200).
    public var polishIterations: Int? = nil
    /// Levenberg–Marquardt first on the first 1/8, 1/4, 1/2 of the training span (nil: on).
    public var horizonContinuation: Bool? = nil
    /// Knobs a typed fit leaves to the optimizer that runs, set by ``resolving(_:for:)`` once `auto` is resolved
    /// (`[]`: every value as given; ``defaults(threads:)``: all of them, as `orrery fit` without flags).
    public var strategyDefaults: StrategyDefaults = []

    public init(optimizer: OptimizerSpecification, iterations: Int, threads: Int, gradient: GradientMethod = .aca,
                tableau: ButcherTableau = .dormandPrince5, rtol: Double = 1e-7, atol: Double = 1e-9,
                observationMode: ObservationMode? = nil, schedule: LearningRateSchedule = .constant,
                strategy: OptimizationStrategy = .firstOrder, seed: UInt64 = 0,
                batchSize: Int? = nil, learnInitialState: Bool = false, positivity: Bool = false, checkpointEvery: Int = 50,
                loss: ObservationLoss = .meanSquaredError, batching: FitBatching = .auto) {
        self.gradient = gradient
        self.tableau = tableau
        self.rtol = rtol
        self.atol = atol
        self.observationMode = observationMode
        self.optimizer = optimizer
        self.schedule = schedule
        self.strategy = strategy
        self.iterations = iterations
        self.threads = threads
        self.seed = seed
        self.batchSize = batchSize
        self.learnInitialState = learnInitialState
        self.positivity = positivity
        self.checkpointEvery = checkpointEvery
        self.loss = loss
        self.batching = batching
    }

    /// Throws ``FitError`` naming the first setting that cannot work, and what to set it to.
    public func validate() throws(FitError) {
        guard threads >= 1 else { throw FitError("FitSettings.threads must be at least 1 (got \(threads))") }
        guard iterations >= 0 else { throw FitError("FitSettings.iterations must be ≥ 0 (got \(iterations))") }
        guard tableau.isAdaptive, ButcherTableau.named(tableau.name) != nil else {
            throw FitError("FitSettings.tableau \(tableau.name) has no error estimate, so its steps cannot adapt; use one of \(ButcherTableau.adaptiveNames)")
        }
        guard rtol > 0, atol > 0, rtol.isFinite, atol.isFinite else {
            throw FitError("FitSettings.rtol and FitSettings.atol must be finite and > 0 (got \(rtol), \(atol))")
        }
        if case .naiveFrozenSteps = gradient {
            throw FitError("FitSettings.gradient naiveFrozenSteps differentiates a frozen step sequence, not the fit's loss; use .aca, .naive or .adjoint")
        }
        guard checkpointEvery >= 1 else { throw FitError("FitSettings.checkpointEvery must be at least 1 (got \(checkpointEvery))") }
        if let batchSize, batchSize < 1 { throw FitError("FitSettings.batchSize must be at least 1 or nil for all (got \(batchSize))") }
        do { try optimizer.configuration.validate() } catch {
            throw FitError("FitSettings.optimizer: \(error)")
        }
        try validateSchedule()
    }

    /// The stored form of these settings for a fit of `model` (written into fit files as JSON).
    public func configuration(model: ModelSpecification) -> FitConfiguration {
        var adjointRtol: Double?, adjointAtol: Double?
        let name: String
        switch gradient {
        case .aca: name = "aca"
        case .naive, .naiveFrozenSteps: name = "naive"
        case .adjoint(let r, let a): name = "adjoint"; adjointRtol = r; adjointAtol = a
        case .mali: name = "mali"
        }
        return FitConfiguration(
            data: .init(path: "(in memory)"), model: model, learnInitialState: learnInitialState, gradient: name,
            adjointRtol: adjointRtol, adjointAtol: adjointAtol, observationMode: observationMode?.rawValue ?? "auto",
            solver: gradient == .mali ? "alf" : tableau.name, rtol: rtol, atol: atol, optimizer: optimizer, schedule: schedule, iterations: iterations, batchSize: batchSize,
            seed: seed, checkpointEvery: checkpointEvery, strategy: strategy, positivity: positivity, batching: batching.rawValue)
            .adding(self)
    }
}
