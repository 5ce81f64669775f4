import Datasets
import Fitting
import Foundation
import Models
import Optimizers
import Parallel
import Randomness
import Reports

/// The ACA paper's three-body mass recovery (Zhuang et al. 2020, "Adaptive Checkpoint Adjoint Method for
/// Gradient Estimation in Neural ODE", ICML, Sec. 4.3), run from many starting masses.
///
/// The masses of the aca-paper preset are fitted to noise-free positions on [0, 1] with the paper's protocol
/// (Adam, loss weights 0.01^t) and with AdaBelief, for naive backpropagation, the adjoint and ACA; a pure MLP
/// neural ODE is the baseline. One start can decide a comparison by luck, so every physics fit is repeated
/// from `starts` starting masses (seeds `firstSeed`, `firstSeed + 1`, …) and the report compares distributions.
public enum ACAThreeBody: Reproduction {
    public static let name = "aca-three-body"
    public static let abstract = "Learn the three masses of the ACA paper's three-body problem with naive, adjoint and ACA gradients, from many starts."
    public static var seedSetting: WritableKeyPath<Settings, UInt64>? { \.firstSeed }
    public static let discussion = """
        Fits the masses of the aca-paper preset to noise-free positions on [0, 1] (datasets/threebody-aca-paper.h5, \
        trained with trainUntil = 1) with the paper's protocol (Adam, weights 0.01^t) and with AdaBelief, for \
        naive backpropagation, the adjoint and ACA at rtol = atol = 1e-7 and 1e-10, each from --starts starting \
        masses (seeds --seed, --seed + 1, …); and a pure MLP neural ODE as the baseline. Reports the median and \
        spread of the mass errors per method, interpolation on [0, 1] and extrapolation on (1, 2]. Writes README.md, \
        results.h5, SVGs and aca-three-body.ipynb. The full run is 91 fits (a few minutes on 2 cores).
        """
    /// The preset's gravitational constant, K1·K2 of the paper's code.
    public static let G = 0.20048437269236738 * 7.239323869320315
    /// The preset's masses.
    public static let truth = [1.1, 1.1, 0.9]

    /// What to run.
    public struct Settings: Codable, Sendable {
        /// Seed of the first start; start k draws three masses uniform in [0.9, 1.1] from seed `firstSeed + k`: 1.
        public var firstSeed: UInt64
        /// Number of starts every physics fit is repeated from: 10 (3 in quick mode).
        public var starts: Int
        /// Solver tolerances rtol = atol of the paper protocol: 1e-7 (the paper's) and 1e-10 (1e-7 only in quick mode).
        public var tolerances: [Double]
        /// Adam steps of the paper protocol: 100 (30 in quick mode).
        public var adamSteps: Int
        /// AdaBelief steps (naive 1e-7, ACA 1e-7 and 1e-10); 0 skips them: 200 (0 in quick mode).
        public var adaBeliefSteps: Int
        /// Iterations of the MLP baseline: 150 (5 in quick mode).
        public var mlpIterations: Int
        /// A fit "recovered the masses" when its max relative mass error is below this: 1e-2.
        public var recoveredBelow: Double
        /// The data set (the aca-paper preset, t = linspace(0, 2, 2001)), relative to the working directory or the package root.
        public var dataPath: String
        /// Recorded in the report: the smoke-test settings.
        public var quick: Bool

        public init(firstSeed: UInt64 = 1, starts: Int = 10, tolerances: [Double] = [1e-7, 1e-10], adamSteps: Int = 100,
                    adaBeliefSteps: Int = 200, mlpIterations: Int = 150, recoveredBelow: Double = 1e-2,
                    dataPath: String = "datasets/threebody-aca-paper.h5", quick: Bool = false) {
            self.firstSeed = firstSeed
            self.starts = starts
            self.tolerances = tolerances
            self.adamSteps = adamSteps
            self.adaBeliefSteps = adaBeliefSteps
            self.mlpIterations = mlpIterations
            self.recoveredBelow = recoveredBelow
            self.dataPath = dataPath
            self.quick = quick
        }

        /// Throws ``ReproductionError/invalidSetting(_:)`` for fewer than one start (checked by ``run(_:threads:progress:)``).
        public func validate() throws(ReproductionError) {
            guard starts >= 1 else { throw .invalidSetting("ACAThreeBody.Settings.starts must be at least 1 (got \(starts)).") }
        }
    }

    public static func settings(quick: Bool) -> Settings {
        quick ? Settings(starts: 3, tolerances: [1e-7], adamSteps: 30, adaBeliefSteps: 0, mlpIterations: 5, quick: true) : Settings()
    }

    /// One physics fit from one start.
    public struct Row: Codable, Sendable {
        public var protocolName: String
        public var gradient: String
        public var tolerance: Double
        public var seed: UInt64
        public var start: [Double]
        public var outcome: ReproductionFit.Outcome
        public var massError: Double
    }

    /// Body 1's orbit (x, y) on the fine grid: truth and a fitted model's prediction.
    public struct Orbit: Codable, Sendable {
        public var times: [Double] = []
        public var truthX: [Double] = [], truthY: [Double] = []
        public var predictedX: [Double] = [], predictedY: [Double] = []
    }

    public struct Results: Codable, Sendable {
        public var settings: Settings
        /// Every physics fit, start by start in seed order, each start in the same method order.
        public var rows: [Row]
        public var mlp: ReproductionFit.Outcome
        /// Truth and the physics fit with the lowest extrapolation MSE (over all starts), and the MLP's prediction.
        public var physicsOrbit: Orbit
        public var physicsLabel: String
        public var mlpOrbit: Orbit
        /// Wall-clock seconds of the whole run.
        public var seconds: Double
    }

    /// Three masses uniform in [0.9, 1.1] from `seed` (seed 1 gives the start of the one-start runs before).
    public static func start(seed: UInt64) -> [Double] {
        var random = SeededRandom(seed: seed)
        return (0..<3).map { _ in random.uniform(0.9, 1.1) }
    }

    /// The physics fits of one start, in report order: (protocol, gradient, tolerance, configuration).
    static func plan(_ s: Settings, start: [Double]) -> [(String, String, Double, FitConfiguration)] {
        func physics(_ gradient: String, _ tol: Double, _ optimizer: OptimizerSpecification, _ schedule: LearningRateSchedule,
                     _ iterations: Int, weights: Double?) -> FitConfiguration {
            FitConfiguration(data: .init(path: s.dataPath), model: .nBody(bodies: 3, learn: [.masses], masses: start, G: G),
                             observedComponents: Array(0..<9), gradient: gradient, solver: "dopri5", rtol: tol, atol: tol,
                             optimizer: optimizer, schedule: schedule, iterations: iterations, seed: 1, trainUntil: 1,
                             validateEvery: 1000, checkpointEvery: 100_000, timeWeightBase: weights)
        }
        let adam = OptimizerSpecification.adam(AdamConfiguration(learningRate: 0.1, beta1: 0.5, beta2: 0.5, epsilon: 1e-8, weightDecay: 0,
                                                                 decoupledWeightDecay: false, amsgrad: false))
        var plan: [(String, String, Double, FitConfiguration)] = []
        for tol in s.tolerances {
            for g in ["naive", "adjoint", "aca"] {
                plan.append(("Adam (paper)", g, tol, physics(g, tol, adam, .exponential(gamma: 0.95), s.adamSteps, weights: 0.01)))
            }
        }
        if s.adaBeliefSteps > 0 {
            for (g, tol) in [("naive", 1e-7), ("aca", 1e-7), ("aca", 1e-10)] {
                plan.append(("AdaBelief", g, tol, physics(g, tol, .adaBelief(adaBelief), .constant, s.adaBeliefSteps, weights: nil)))
            }
        }
        return plan
    }

    /// The AdaBelief paper preset at lr 0.01.
    static var adaBelief: AdaBeliefConfiguration {
        var belief = AdaBeliefConfiguration.paper
        belief.learningRate = 0.01
        return belief
    }

    /// Runs the MLP and every (start, method) fit, `threads` fits at a time (each fit on one thread, so the
    /// numbers do not depend on `threads`).
    public static func run(_ s: Settings, threads: Int, progress: @escaping @Sendable (String) -> Void = { _ in }) throws -> Results {
        let clock = ContinuousClock.now
        try s.validate()
        let url = FileManager.default.fileExists(atPath: s.dataPath) ? s.dataPath
            : URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent(s.dataPath).path
        let dataset = try TrajectoryDataset.read(from: url)
        typealias Job = (label: String, configuration: FitConfiguration, seed: UInt64, start: [Double], protocolName: String, gradient: String, tolerance: Double)
        var jobs: [Job] = []
        // The MLP baseline first (the longest fit): 18-dim state, only positions observed.
        let mlpConfiguration = FitConfiguration(
            data: .init(path: s.dataPath), model: .mlp(hiddenWidths: [64, 64], activation: .tanh, timeInput: false, stateDimension: 18),
            observedComponents: Array(0..<9), gradient: "aca", observationMode: "dense", solver: "dopri5", rtol: 1e-6, atol: 1e-8,
            optimizer: .adaBelief(adaBelief), iterations: s.mlpIterations, seed: 1, trainUntil: 1, validateEvery: 1000, checkpointEvery: 100_000)
        jobs.append(("MLP neural ODE", mlpConfiguration, 0, [], "MLP", "aca", 1e-6))
        for k in 0..<s.starts {
            let seed = s.firstSeed + UInt64(k), start = start(seed: seed)
            for (p, g, tol, configuration) in plan(s, start: start) {
                jobs.append(("\(p) \(g) \(GradientAccuracy.label(tol)) seed \(seed)", configuration, seed, start, p, g, tol))
            }
        }
        let planned = jobs
        let fits = parallelMap(planned.count, threads: threads) { i -> (ReproductionFit.Outcome, Orbit) in
            progress(planned[i].label)
            let (outcome, evaluation) = ReproductionFit.run(planned[i].label, planned[i].configuration, dataset, threads: 1)
            guard let plot = evaluation?.plotData.first else { return (outcome, Orbit()) }
            func xy(_ values: [Double]) -> ([Double], [Double]) {
                let n = values.count / 18
                return ((0..<n).map { values[$0 * 18] }, (0..<n).map { values[$0 * 18 + 1] })
            }
            let truth = xy(plot.observed), predicted = xy(plot.predicted)
            let orbit = Orbit(times: plot.fineTimes, truthX: truth.0, truthY: truth.1, predictedX: predicted.0, predictedY: predicted.1)
            return (outcome, orbit)
        }
        let rows = (1..<jobs.count).map { i in
            Row(protocolName: jobs[i].protocolName, gradient: jobs[i].gradient, tolerance: jobs[i].tolerance, seed: jobs[i].seed,
                start: jobs[i].start, outcome: fits[i].0, massError: ReproductionFit.massError(fits[i].0, truth: truth))
        }
        let best = rows.indices.filter { rows[$0].outcome.failure == nil }
            .min { rows[$0].outcome.extrapolationMSE < rows[$1].outcome.extrapolationMSE }
        let elapsed = ContinuousClock.now - clock
        return Results(settings: s, rows: rows, mlp: fits[0].0, physicsOrbit: best.map { fits[$0 + 1].1 } ?? Orbit(),
                       physicsLabel: best.map { rows[$0].outcome.label } ?? "", mlpOrbit: fits[0].1,
                       seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
    }
}
