import Models
import Optimizers

/// Every setting of a fit. Written into the fit file as JSON (and as attributes),
/// read back by `--resume`: a fit file alone says how it was made.
public struct FitConfiguration: Codable, Sendable, Equatable {
    /// Where the data come from.
    public struct DataSource: Codable, Sendable, Equatable {
        public var path: String
        /// For HDF5 files not in schema v1: the time and state dataset paths.
        public var timePath: String?
        public var statePath: String?
        /// Initial values of the model states the data do not measure (an equation model observed
        /// in part, `--observe`), by state name; nil when the data hold every state.
        public var initialStates: [String: Double]?
        public init(path: String, timePath: String? = nil, statePath: String? = nil, initialStates: [String: Double]? = nil) {
            self.path = path
            self.timePath = timePath
            self.statePath = statePath
            self.initialStates = initialStates
        }
    }

    public var data: DataSource
    public var model: ModelSpecification
    /// Learn each training trajectory's initial state too.
    public var learnInitialState: Bool
    /// Observed state components that enter the loss (nil: all).
    public var observedComponents: [Int]?
    /// "aca", "adjoint" or "naive".
    public var gradient: String
    /// Tolerances of the adjoint's backward solve (default: the forward ones).
    public var adjointRtol: Double?
    public var adjointAtol: Double?
    /// "step" (land steps on observation times) or "dense" (read them from the interpolant); nil: "step".
    public var observationMode: String?
    /// An adaptive method name: "bs3", "dopri5", "tsit5", "dop853", "heun_euler".
    public var solver: String
    public var rtol: Double
    public var atol: Double
    public var optimizer: OptimizerSpecification
    public var schedule: LearningRateSchedule
    /// Clip the gradient's global norm to this (nil: no clipping).
    public var clipNorm: Double?
    public var iterations: Int
    /// Trajectories per iteration (nil: every training trajectory).
    public var batchSize: Int?
    public var seed: UInt64
    /// Observations at t ≤ trainUntil train; later ones validate (an extrapolation split).
    public var trainUntil: Double?
    /// Without `trainUntil`: this fraction of trajectories is held out for validation.
    public var validationFraction: Double
    /// Compute the validation loss every this many iterations.
    public var validateEvery: Int
    /// Stop when the validation loss has not improved for this many validations (nil: never).
    public var patience: Int?
    /// Write a checkpoint every this many iterations (and at the end and on Ctrl-C).
    public var checkpointEvery: Int
    /// Loss weight of an observation at time t: `timeWeightBase^t` (nil: 1). The ACA paper uses 0.01.
    public var timeWeightBase: Double?
    /// Which optimizer family runs (nil, as in fit files from before it existed: `firstOrder`).
    public var strategy: OptimizationStrategy?
    /// Stopping rules (nil: ``ConvergenceTolerances/standard``).
    public var tolerances: ConvergenceTolerances?
    /// Optimize positive parameters (masses, G, rates) in log space (nil, as in older fit files: off).
    public var positivity: Bool?
    /// Bounds by parameter name (`masses[1]`) or block name (`masses`).
    public var bounds: [String: ParameterBounds]?
    /// With `trainUntil`: observations in `(trainUntil, validateUntil]` validate; later ones are the test window.
    public var validateUntil: Double?
    /// Fit from this many starts (the given one and perturbed ones) and keep the best (nil: 1).
    public var restarts: Int?
    /// Levenberg–Marquardt first on the first 1/8, 1/4, 1/2 of the training span (nil: on).
    public var horizonContinuation: Bool?
    /// Iterations of the L-BFGS polish after the first-order phase (`firstOrderThenLBFGS`; nil: 200).
    public var polishIterations: Int?
    /// "auto", "per-trajectory" or "shared-grid" (``FitBatching``); nil, as in fit files from before it
    /// existed: "per-trajectory".
    public var batching: String?

    public init(data: DataSource, model: ModelSpecification, learnInitialState: Bool = false, observedComponents: [Int]? = nil,
                gradient: String = "aca", adjointRtol: Double? = nil, adjointAtol: Double? = nil,
                observationMode: String? = nil, solver: String = "dopri5", rtol: Double = 1e-7, atol: Double = 1e-9,
                optimizer: OptimizerSpecification, schedule: LearningRateSchedule = .constant, clipNorm: Double? = nil,
                iterations: Int = 100, batchSize: Int? = nil, seed: UInt64 = 0, trainUntil: Double? = nil,
                validationFraction: Double = 0, validateEvery: Int = 5, patience: Int? = nil, checkpointEvery: Int = 50,
                timeWeightBase: Double? = nil, strategy: OptimizationStrategy? = nil, tolerances: ConvergenceTolerances? = nil,
                positivity: Bool? = nil, bounds: [String: ParameterBounds]? = nil, validateUntil: Double? = nil,
                polishIterations: Int? = nil, restarts: Int? = nil, batching: String? = nil) {
        self.data = data
        self.model = model
        self.learnInitialState = learnInitialState
        self.observedComponents = observedComponents
        self.gradient = gradient
        self.adjointRtol = adjointRtol
        self.adjointAtol = adjointAtol
        self.observationMode = observationMode
        self.solver = solver
        self.rtol = rtol
        self.atol = atol
        self.optimizer = optimizer
        self.schedule = schedule
        self.clipNorm = clipNorm
        self.iterations = iterations
        self.batchSize = batchSize
        self.seed = seed
        self.trainUntil = trainUntil
        self.validationFraction = validationFraction
        self.validateEvery = validateEvery
        self.patience = patience
        self.checkpointEvery = checkpointEvery
        self.timeWeightBase = timeWeightBase
        self.strategy = strategy
        self.tolerances = tolerances
        self.positivity = positivity
        self.bounds = bounds
        self.validateUntil = validateUntil
        self.polishIterations = polishIterations
        self.restarts = restarts
        self.batching = batching
    }
}
