import Foundation
import Optimizers
import Reports

/// The experiment behind `orrery reproduce adabelief-toys`: Zhuang et al. 2020 ("AdaBelief Optimizer:
/// Adapting Stepsizes by the Belief in Observed Gradients", NeurIPS), Fig. 3 — SGD with momentum, Adam and
/// AdaBelief at one learning rate on five 2-D functions; the paper reports that AdaBelief reaches the
/// optimum fastest in all cases.
public enum AdaBeliefToys: Reproduction {
    public static let name = "adabelief-toys"
    public static let abstract = "AdaBelief vs Adam vs SGD with momentum on the AdaBelief paper's 2-D toy functions."
    public static let discussion = """
        Runs each optimizer at the same learning rate from the paper's starting points and reports the \
        steps needed to come within the tolerance of the optimum, the final distance and an SVG of the \
        paths over the contours. Writes README.md, results.h5, adabelief-toys.ipynb (redraws the figures \
        from results.h5), results.json and one SVG per function. --json prints the final points and losses.
        """

    /// What to run (written into results.json as is).
    public struct Settings: Codable, Sendable {
        /// Steps per optimizer; the published run uses 20 000 (3 000 in quick mode).
        public var steps: Int
        /// Learning rate shared by all optimizers (1e-3, the paper's).
        public var learningRate: Double
        /// Distance to the optimum that counts as reached (1e-2).
        public var tolerance: Double
        /// Contour grid points per axis for the plots (80; 60 in quick mode).
        public var contourGrid: Int
        /// Recorded in the report: the smoke-test settings.
        public var quick: Bool

        public init(steps: Int = 20_000, learningRate: Double = 1e-3, tolerance: Double = 1e-2, contourGrid: Int = 80, quick: Bool = false) {
            self.steps = steps
            self.learningRate = learningRate
            self.tolerance = tolerance
            self.contourGrid = contourGrid
            self.quick = quick
        }

        /// Throws ``ReproductionError/invalidSetting(_:)`` naming the first setting that cannot work: ``steps`` (≥ 1),
        /// ``learningRate`` (finite, > 0), ``tolerance`` (> 0). Checked by ``run(_:threads:progress:)``.
        public func validate() throws(ReproductionError) {
            guard steps >= 1 else { throw .invalidSetting("AdaBeliefToys.Settings.steps must be at least 1 (got \(steps)).") }
            guard learningRate > 0, learningRate.isFinite else {
                throw .invalidSetting("AdaBeliefToys.Settings.learningRate must be positive (got \(learningRate)).")
            }
            guard tolerance > 0 else { throw .invalidSetting("AdaBeliefToys.Settings.tolerance must be positive (got \(tolerance)).") }
        }
    }

    public static func settings(quick: Bool) -> Settings {
        quick ? Settings(steps: 3_000, contourGrid: 60, quick: true) : Settings()
    }

    /// A 2-D test function with its exact gradient.
    public struct Problem: Sendable {
        public var name: String
        public var slug: String
        public var formula: String
        public var start: [Double]
        public var optimum: [Double]
        public var xRange: ClosedRange<Double>
        public var yRange: ClosedRange<Double>
        public var value: @Sendable (Double, Double) -> Double
        public var gradient: @Sendable (Double, Double) -> (Double, Double)
    }

    /// sign with sign(0) = 0 (the subgradient PyTorch's autograd uses for |x|).
    public static func sign(_ x: Double) -> Double { x > 0 ? 1 : (x < 0 ? -1 : 0) }

    /// The paper's five functions and starting points.
    public static let problems: [Problem] = [
        Problem(
            name: "|x| + |y|", slug: "abs", formula: "f(x, y) = |x| + |y|",
            start: [-2.5, 0], optimum: [0, 0], xRange: -3...1, yRange: -2...2,
            value: { x, y in abs(x) + abs(y) },
            gradient: { x, y in (sign(x), sign(y)) }),
        Problem(
            name: "|x + y| + |x − y|/10", slug: "abs-skewed", formula: "f(x, y) = |x + y| + |x − y|/10",
            start: [2.5, 0], optimum: [0, 0], xRange: -1...3, yRange: -2...2,
            value: { x, y in abs(x + y) + abs(x - y) / 10 },
            gradient: { x, y in
                let a = sign(x + y), b = sign(x - y) / 10
                return (a + b, a - b)
            }),
        Problem(
            name: "(x + y)² + (x − y)²/10", slug: "quadratic", formula: "f(x, y) = (x + y)² + (x − y)²/10",
            start: [2.5, 0], optimum: [0, 0], xRange: -1...3, yRange: -2...2,
            value: { x, y in (x + y) * (x + y) + (x - y) * (x - y) / 10 },
            gradient: { x, y in
                let a = 2 * (x + y), b = 2 * (x - y) / 10
                return (a + b, a - b)
            }),
        Problem(
            name: "Beale", slug: "beale",
            formula: "f(x, y) = (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²",
            start: [-2.5, -2.5], optimum: [3, 0.5], xRange: -4.5...4.5, yRange: -4.5...4.5,
            value: { x, y in
                let a = 1.5 - x + x * y, b = 2.25 - x + x * y * y, c = 2.625 - x + x * y * y * y
                return a * a + b * b + c * c
            },
            gradient: { x, y in
                let a = 1.5 - x + x * y, b = 2.25 - x + x * y * y, c = 2.625 - x + x * y * y * y
                let gx = 2 * a * (y - 1) + 2 * b * (y * y - 1) + 2 * c * (y * y * y - 1)
                let gy = 2 * a * x + 2 * b * (2 * x * y) + 2 * c * (3 * x * y * y)
                return (gx, gy)
            }),
        Problem(
            name: "Rosenbrock", slug: "rosenbrock", formula: "f(x, y) = (1 − x)² + 100(y − x²)²",
            start: [-4, -4], optimum: [1, 1], xRange: -5...3, yRange: -6...12,
            value: { x, y in (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x) },
            gradient: { x, y in (-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)) }),
    ]

    /// One optimizer of the comparison: a label, a colour and its configuration at the shared learning rate.
    public struct Contender {
        public var label: String
        public var color: String
        public var dashed: Bool
        public var specification: OptimizerSpecification
    }

    public static func contenders(learningRate lr: Double) -> [Contender] {
        var paper = AdaBeliefConfiguration.paper
        paper.learningRate = lr
        var current = AdaBeliefConfiguration.pytorch021
        current.learningRate = lr
        var adam = AdamConfiguration.adam
        adam.learningRate = lr
        return [
            Contender(label: "AdaBelief (paper: eps 1e-8)", color: "#d62728", dashed: false,
                      specification: .adaBelief(paper)),
            Contender(label: "AdaBelief (0.2.x defaults)", color: "#9467bd", dashed: true,
                      specification: .adaBelief(current)),
            Contender(label: "Adam", color: "#1f77b4", dashed: false, specification: .adam(adam)),
            Contender(label: "SGD, momentum 0.9", color: "#2ca02c", dashed: false,
                      specification: .sgd(.momentum(learningRate: lr, momentum: 0.9))),
        ]
    }

    /// The outcome of one optimizer on one function.
    public struct Run: Codable, Sendable {
        public var optimizer: String
        public var hyperparameters: [String: String]
        /// First step after which the distance to the optimum is at most the tolerance; nil if never.
        public var stepsToTolerance: Int?
        /// Steps actually taken (fewer than asked if the run diverged).
        public var stepsRun: Int
        /// First step at which the iterate became non-finite or left |x| < 1e8; nil if it never did.
        public var divergedAtStep: Int?
        public var finalPoint: [Double]
        public var finalLoss: Double
        public var finalDistance: Double
        public var minimumDistance: Double
        /// The path, every `pathStride`-th step (and the last), for plots; not written to results.json.
        public var path: [[Double]] = []
        public var pathStride: Int = 1

        enum CodingKeys: String, CodingKey {
            case optimizer, hyperparameters, stepsToTolerance = "steps_to_tolerance", stepsRun = "steps_run"
            case divergedAtStep = "diverged_at_step", finalPoint = "final_point", finalLoss = "final_loss"
            case finalDistance = "final_distance", minimumDistance = "minimum_distance"
        }
    }

    /// All runs on one function.
    public struct ProblemResult: Codable, Sendable {
        public var name: String
        public var slug: String
        public var formula: String
        public var start: [Double]
        public var optimum: [Double]
        public var plot: String
        public var runs: [Run]
    }

    /// Everything the report shows.
    public struct Results: Codable, Sendable {
        public var experiment = "adabelief-toys"
        public var reference = "Zhuang et al. 2020, AdaBelief (NeurIPS), Fig. 3"
        public var orreryVersion = OrreryVersion.string
        public var settings: Settings
        public var problems: [ProblemResult]

        enum CodingKeys: String, CodingKey {
            case experiment, reference, orreryVersion = "orrery_version", settings, problems
        }

        /// What `--json` prints: final point and loss per function and optimizer.
        public var finalSummary: [[String: FinalValue]] {
            problems.flatMap { p in
                p.runs.map { r in
                    ["problem": .text(p.slug), "optimizer": .text(r.optimizer),
                     "final_point": .numbers(r.finalPoint), "final_loss": .number(r.finalLoss),
                     "final_distance": .number(r.finalDistance),
                     "steps_to_tolerance": r.stepsToTolerance.map { .number(Double($0)) } ?? .null]
                }
            }
        }
    }

    /// A JSON value of the `--json` summary.
    public enum FinalValue: Encodable, Sendable {
        case text(String), number(Double), numbers([Double]), null
        public func encode(to encoder: Encoder) throws {
            var c = encoder.singleValueContainer()
            switch self {
            case let .text(s): try c.encode(s)
            case let .number(x): try c.encode(x)
            case let .numbers(x): try c.encode(x)
            case .null: try c.encodeNil()
            }
        }
    }

    /// Runs every contender on every problem (cheap and serial: `threads` is not used).
    public static func run(_ settings: Settings, threads: Int = 1, progress: @escaping @Sendable (String) -> Void = { _ in }) throws -> Results {
        try settings.validate()
        var out: [ProblemResult] = []
        for problem in problems {
            var runs: [Run] = []
            for contender in contenders(learningRate: settings.learningRate) {
                runs.append(try run(contender, on: problem, settings))
            }
            out.append(ProblemResult(
                name: problem.name, slug: problem.slug, formula: problem.formula, start: problem.start,
                optimum: problem.optimum, plot: "\(problem.slug).svg", runs: runs))
        }
        return Results(settings: settings, problems: out)
    }

    static func run(_ contender: Contender, on problem: Problem, _ settings: Settings) throws -> Run {
        var optimizer = try contender.specification.makeOptimizer(parameterCount: 2)
        var x = problem.start
        var g = [0.0, 0.0]
        let stride = max(1, settings.steps / 2_000)
        func distance(_ p: [Double]) -> Double {
            ((p[0] - problem.optimum[0]) * (p[0] - problem.optimum[0])
                + (p[1] - problem.optimum[1]) * (p[1] - problem.optimum[1])).squareRoot()
        }
        var path = [x]
        var reached: Int? = distance(x) <= settings.tolerance ? 0 : nil
        var minimum = distance(x)
        var diverged: Int?
        var taken = 0
        for k in 1...settings.steps {
            (g[0], g[1]) = problem.gradient(x[0], x[1])
            optimizer.step(parameters: &x, gradient: g)
            taken = k
            if !(x[0].isFinite && x[1].isFinite && abs(x[0]) < 1e8 && abs(x[1]) < 1e8) {
                diverged = k
                break
            }
            let d = distance(x)
            minimum = min(minimum, d)
            if reached == nil, d <= settings.tolerance { reached = k }
            if k % stride == 0 || k == settings.steps { path.append(x) }
        }
        let hyper = contender.specification.hyperparameters.textDictionary
        return Run(
            optimizer: contender.label, hyperparameters: hyper, stepsToTolerance: reached, stepsRun: taken,
            divergedAtStep: diverged, finalPoint: x, finalLoss: problem.value(x[0], x[1]),
            finalDistance: distance(x), minimumDistance: minimum, path: path, pathStride: stride)
    }
}
