import Checking
import Foundation
import Gradients
import ODE
import Physics
import Reports

/// The experiment behind `orrery reproduce gradient-accuracy`: Zhuang et al. 2020 ("Adaptive Checkpoint
/// Adjoint Method for Gradient Estimation in Neural ODE", ICML) compare the gradient error of naive
/// backpropagation through the solver, the continuous adjoint and ACA as the integration time grows
/// (their Fig. 2/3), and state the methods' costs asymptotically (their Table 1). Here each is measured
/// against a gradient known independently of all three methods.
public enum GradientAccuracy: Reproduction {
    public static let name = "gradient-accuracy"
    public static let abstract = "Gradient error vs integration time and cost of naive, adjoint and ACA (the ACA paper's comparison)."
    public static let discussion = """
        Measures each method's gradient against an independent reference: a linear system dz/dt = A z \
        (exact gradient via the matrix exponential), van der Pol (finite differences of a DOP853 1e-13 \
        solve) over several end times T and tolerances, and a three-body problem with a close encounter. \
        Also measures the costs of the paper's Table 1 (function evaluations, memory held, graph depth) and \
        how they grow with the number of steps. Writes README.md, results.h5, SVGs and \
        gradient-accuracy.ipynb.
        """

    public struct Settings: Codable, Sendable {
        /// End times of the linear system.
        public var linearTimes: [Double]
        public var linearTolerances: [Double]
        public var vanDerPolTimes: [Double]
        public var vanDerPolTolerances: [Double]
        public var threeBodyTolerances: [Double]
        /// Observations of the three-body problem at 0.1 k, k = 1…count.
        public var threeBodyObservations: Int
        /// Recorded in the report: the smoke-test settings.
        public var quick: Bool

        public init(linearTimes: [Double], linearTolerances: [Double], vanDerPolTimes: [Double], vanDerPolTolerances: [Double],
                    threeBodyTolerances: [Double], threeBodyObservations: Int, quick: Bool) {
            self.linearTimes = linearTimes
            self.linearTolerances = linearTolerances
            self.vanDerPolTimes = vanDerPolTimes
            self.vanDerPolTolerances = vanDerPolTolerances
            self.threeBodyTolerances = threeBodyTolerances
            self.threeBodyObservations = threeBodyObservations
            self.quick = quick
        }
    }

    /// The published grid (end times 1…50 and 2…30, tolerances 1e-4…1e-10), or a small one when `quick`.
    public static func settings(quick: Bool) -> Settings {
        quick
            ? .init(linearTimes: [1, 4, 16], linearTolerances: [1e-4, 1e-7], vanDerPolTimes: [5, 15, 25],
                    vanDerPolTolerances: [1e-5, 1e-8], threeBodyTolerances: [1e-6, 1e-8], threeBodyObservations: 50, quick: true)
            : .init(linearTimes: [1, 2, 5, 10, 20, 50], linearTolerances: [1e-4, 1e-6, 1e-8, 1e-10],
                    vanDerPolTimes: [2, 5, 10, 15, 20, 25, 30], vanDerPolTolerances: [1e-4, 1e-6, 1e-8],
                    threeBodyTolerances: [1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9, 1e-10], threeBodyObservations: 50, quick: false)
    }

    /// MALI (Zhuang et al. 2021) integrates with the asynchronous leapfrog, not dopri5: its rows have ALF's steps.
    public static let methods = ["naive", "adjoint", "aca", "mali"]

    public static func method(_ name: String, tolerance: Double) -> GradientMethod {
        switch name {
        case "naive": .naive
        case "adjoint": .adjoint(rtol: tolerance, atol: tolerance)
        case "mali": .mali
        default: .aca
        }
    }

    /// One gradient of one method on one problem, with its error and costs.
    public struct Row: Codable, Sendable {
        public var problem: String
        public var method: String
        public var tolerance: Double
        public var endTime: Double
        public var relativeError: Double
        public var acceptedSteps: Int
        public var rejectedSteps: Int
        public var forwardEvaluations: Int
        public var backwardEvaluations: Int
        public var backwardVJPs: Int
        public var backwardSteps: Int
        public var peakBackwardBytes: Int
        /// Stages the backward pass differentiates through, in sequence (the paper's "depth of the
        /// computational graph"): naive, every forward trial's stages (rejected trials included);
        /// ACA, the accepted steps' stages; adjoint, the backward solve's trial stages; MALI, one
        /// evaluation per accepted ALF step.
        public var graphDepth: Int
        /// Why the method failed (then the error is +∞ and the costs 0), e.g. the adjoint's backward
        /// solve hitting step-size underflow.
        public var failure: String?

        /// A method that threw instead of returning a gradient.
        init(problem: String, method: String, tolerance: Double, endTime: Double, failure: String) {
            self.problem = problem
            self.method = method
            self.tolerance = tolerance
            self.endTime = endTime
            relativeError = .infinity
            acceptedSteps = 0; rejectedSteps = 0; forwardEvaluations = 0; backwardEvaluations = 0
            backwardVJPs = 0; backwardSteps = 0; peakBackwardBytes = 0; graphDepth = 0
            self.failure = failure
        }

        init(problem: String, method: String, tolerance: Double, endTime: Double, result: GradientResult,
             reference: [Double], stages: Int, select: ([Double]) -> [Double] = { $0 }) {
            self.problem = problem
            self.method = method
            self.tolerance = tolerance
            self.endTime = endTime
            relativeError = GradientAccuracy.relativeError(select(result.parameterGradient + result.initialStateGradient), reference)
            acceptedSteps = result.acceptedSteps
            rejectedSteps = result.rejectedSteps
            forwardEvaluations = result.forwardEvaluations
            backwardEvaluations = result.backwardEvaluations
            backwardVJPs = result.backwardVJPs
            backwardSteps = result.backwardAcceptedSteps + result.backwardRejectedSteps
            peakBackwardBytes = result.peakBackwardBytes
            graphDepth = switch method {
            case "naive": (result.acceptedSteps + result.rejectedSteps) * stages
            case "aca": result.acceptedSteps * stages
            case "mali": result.acceptedSteps
            default: (result.backwardAcceptedSteps + result.backwardRejectedSteps) * stages
            }
        }
    }

    /// How good each reference is, measured.
    public struct ReferenceCheck: Codable, Sendable {
        public var problem: String
        public var reference: String
        public var check: String
        /// Relative difference between the reference and the independent check.
        public var relativeDifference: Double
    }

    public struct Results: Codable, Sendable {
        public var experiment = "gradient-accuracy"
        public var reference = "Zhuang et al. 2020, Adaptive Checkpoint Adjoint (ICML), Fig. 3 and Table 1; Zhuang et al. 2021, MALI (ICLR), Table 1"
        public var orreryVersion = OrreryVersion.string
        public var settings: Settings
        public var rows: [Row]
        public var checks: [ReferenceCheck]
        /// Minimum pairwise distance in the three-body problem (over the tight solve's steps), and the
        /// initial minimum pairwise distance.
        public var threeBodyClosestApproach: Double
        public var threeBodyInitialSeparation: Double

        enum CodingKeys: String, CodingKey {
            case experiment, reference, orreryVersion = "orrery_version", settings, rows, checks
            case threeBodyClosestApproach = "three_body_closest_approach"
            case threeBodyInitialSeparation = "three_body_initial_separation"
        }
    }

    static func relativeError(_ a: [Double], _ b: [Double]) -> Double { Checking.relativeError(a, b) }

    /// Five-point central differences of the loss in `[p, y0]`, steps `relativeStep · max(1, |x|)`.
    static func finiteDifferences<F: DifferentiableVectorField>(_ problem: GradientProblem<F>, relativeStep: Double = 1e-4) throws -> [Double] {
        try FiniteDifference.gradient(of: problem, step: .relative(relativeStep))
    }

    // MARK: Linear system

    /// The damped spiral `A = [[-0.1, 2], [-2, -0.1]]` of Chen et al. 2018, from `z0 = (2, 0)`, one
    /// observation `(0.5, -0.5)` at `T`; parameters: the four entries of `A`.
    static let linearMatrix = LinearSystem.spiralMatrix
    static let linearStart: [Double] = [2, 0]
    static let linearTarget: [Double] = [0.5, -0.5]

    static func linearProblem(endTime: Double, tolerance: Double) -> GradientProblem<LinearSystem> {
        GradientProblem(field: LinearSystem(dimension: 2), initialState: linearStart, parameters: linearMatrix,
                        observations: Observations(times: [endTime], values: linearTarget),
                        tableau: .dormandPrince5, controller: StepSizeController(rtol: tolerance, atol: tolerance))
    }

    /// `[∂L/∂A, ∂L/∂z0]` exactly: `z(T) = exp(AT) z0`, `L = ½‖z(T) − y‖²` (the mean over 2 entries),
    /// `∂L/∂z0 = exp(AT)ᵀ r`, `∂L/∂A_pq = rᵀ L(AT, T E_pq) z0` with the Fréchet derivative `L` of exp.
    static func linearExactGradient(endTime t: Double) -> [Double] {
        let d = 2
        let at = linearMatrix.map { $0 * t }
        let e = MatrixExponential.exponential(at, d)
        var r = [0.0, 0.0]
        for i in 0..<d { r[i] = e[i * d] * linearStart[0] + e[i * d + 1] * linearStart[1] - linearTarget[i] }
        var gradient = [Double](repeating: 0, count: d * d + d)
        for p in 0..<d {
            for q in 0..<d {
                var direction = [Double](repeating: 0, count: d * d)
                direction[p * d + q] = t
                let l = MatrixExponential.exponentialDerivative(at, direction, d)
                var value = 0.0
                for i in 0..<d { for j in 0..<d { value += r[i] * l[i * d + j] * linearStart[j] } }
                gradient[p * d + q] = value
            }
        }
        for j in 0..<d { gradient[d * d + j] = r[0] * e[j] + r[1] * e[d + j] }
        return gradient
    }

    /// `exp(AT)` by the series against the closed form `e^{−0.1T} [[cos 2T, sin 2T], [−sin 2T, cos 2T]]`.
    static func linearExponentialCheck(endTime t: Double) -> Double {
        let e = MatrixExponential.exponential(linearMatrix.map { $0 * t }, 2)
        let decay = Foundation.exp(-0.1 * t), c = Foundation.cos(2 * t), s = Foundation.sin(2 * t)
        return relativeError(e, [decay * c, decay * s, -decay * s, decay * c])
    }

    // MARK: Van der Pol

    /// μ = 1 from `(0.5, 0)`, one observation `(1, −0.5)` at `T`; parameters `[μ]`.
    static func vanDerPolProblem(endTime: Double, tolerance: Double, tableau: ButcherTableau = .dormandPrince5) -> GradientProblem<VanDerPol> {
        GradientProblem(field: VanDerPol(), initialState: [0.5, 0], parameters: [1],
                        observations: Observations(times: [endTime], values: [1, -0.5]),
                        tableau: tableau, controller: StepSizeController(rtol: tolerance, atol: tolerance))
    }

    // MARK: Three-body

    /// The gradient benchmark's workload (Benchmarks/results/gradients.md): random bound system (seed 1,
    /// index 0), positions observed at 0.1 k from a DOP853 1e-13 solve with the true masses, model masses
    /// +10 %. Parameters `[m1, m2, m3, G]`; the comparison leaves out G.
    static func threeBodyProblem(observations count: Int, tolerance: Double, tableau: ButcherTableau = .dormandPrince5) throws -> GradientProblem<NBodyGravity> {
        let configuration = ThreeBodyPreset.randomConfiguration(seed: 1, index: 0)
        let times = (1...count).map { 0.1 * Double($0) }
        let truth = try solve(configuration.field, from: 0, to: times.last!, initialState: configuration.initialState,
                              parameters: configuration.parameters, method: .dormandPrince8,
                              stepSize: .adaptive(StepSizeController(rtol: 1e-13, atol: 1e-13)),
                              options: SolveOptions(saveAt: times))
        let mask = (0..<count).flatMap { _ in (0..<18).map { $0 < 9 } }
        return GradientProblem(
            field: configuration.field, initialState: configuration.initialState,
            parameters: configuration.masses.map { 1.1 * $0 } + [configuration.G],
            observations: Observations(times: times, values: truth.savedStates, mask: mask),
            tableau: tableau, controller: StepSizeController(rtol: tolerance, atol: tolerance))
    }

    /// Masses and initial state (drops G, index 3).
    static func massesAndState(_ g: [Double]) -> [Double] { Array(g[0..<3]) + Array(g[4...]) }

    /// Smallest pairwise distance over the accepted steps of a tight solve of `problem`'s model, and at t0.
    static func closestApproach(_ problem: GradientProblem<NBodyGravity>) throws -> (closest: Double, initial: Double) {
        let solution = try solve(problem.field, from: 0, to: problem.t1, initialState: problem.initialState,
                                 parameters: problem.parameters, method: .dormandPrince8,
                                 stepSize: .adaptive(StepSizeController(rtol: 1e-12, atol: 1e-12)))
        func minimumDistance(_ y: ArraySlice<Double>) -> Double {
            let base = y.startIndex
            var best = Double.infinity
            for a in 0..<3 {
                for b in (a + 1)..<3 {
                    var s = 0.0
                    for k in 0..<3 { let d = y[base + 3 * a + k] - y[base + 3 * b + k]; s += d * d }
                    best = min(best, s.squareRoot())
                }
            }
            return best
        }
        var closest = Double.infinity
        for i in 0..<solution.times.count { closest = min(closest, minimumDistance(solution.state(i))) }
        return (closest, minimumDistance(solution.state(0)))
    }

    // MARK: Run

    /// One method's row, or a failure row when the method throws (e.g. the adjoint's reverse solve).
    static func measure<F: DifferentiableVectorField>(
        _ problem: GradientProblem<F>, problemName: String, method name: String, tolerance: Double, endTime: Double,
        reference: [Double], stages: Int, select: ([Double]) -> [Double] = { $0 }
    ) -> Row {
        do {
            let result = try computeGradient(problem, method: method(name, tolerance: tolerance))
            return Row(problem: problemName, method: name, tolerance: tolerance, endTime: endTime, result: result,
                       reference: reference, stages: stages, select: select)
        } catch {
            return Row(problem: problemName, method: name, tolerance: tolerance, endTime: endTime, failure: "\(error)")
        }
    }

    /// Measures every method on every problem, serially (the rows are cheap; `threads` is not used).
    public static func run(_ settings: Settings, threads: Int = 1, progress: @escaping @Sendable (String) -> Void = { _ in }) throws -> Results {
        var rows: [Row] = []
        var checks: [ReferenceCheck] = []
        let stages = ButcherTableau.dormandPrince5.stageCount

        progress("linear system")
        var worstExponential = 0.0
        for t in settings.linearTimes {
            let exact = linearExactGradient(endTime: t)
            worstExponential = max(worstExponential, linearExponentialCheck(endTime: t))
            for tolerance in settings.linearTolerances {
                for name in methods {
                    rows.append(measure(linearProblem(endTime: t, tolerance: tolerance), problemName: "linear", method: name,
                                        tolerance: tolerance, endTime: t, reference: exact, stages: stages))
                }
            }
        }
        checks.append(ReferenceCheck(problem: "linear", reference: "exp(AT) by scaling and squaring (all T)",
                                     check: "closed form e^{-0.1T} R(2T)", relativeDifference: worstExponential))
        if let t = settings.linearTimes.last {
            var tight = linearProblem(endTime: t, tolerance: 1e-13)
            tight.tableau = .dormandPrince8
            let aca = try computeGradient(tight, method: .aca)
            checks.append(ReferenceCheck(problem: "linear", reference: "analytic gradient at T = \(Table.format(t))",
                                         check: "ACA through DOP853 at rtol = atol = 1e-13",
                                         relativeDifference: relativeError(aca.parameterGradient + aca.initialStateGradient, linearExactGradient(endTime: t))))
        }

        progress("van der Pol")
        for t in settings.vanDerPolTimes {
            let reference = try finiteDifferences(vanDerPolProblem(endTime: t, tolerance: 1e-13, tableau: .dormandPrince8))
            if t == settings.vanDerPolTimes.last {
                let aca = try computeGradient(vanDerPolProblem(endTime: t, tolerance: 1e-13, tableau: .dormandPrince8), method: .aca)
                checks.append(ReferenceCheck(problem: "van der Pol", reference: "five-point FD of DOP853 at 1e-13, T = \(Table.format(t))",
                                             check: "ACA through DOP853 at rtol = atol = 1e-13",
                                             relativeDifference: relativeError(aca.parameterGradient + aca.initialStateGradient, reference)))
            }
            for tolerance in settings.vanDerPolTolerances {
                for name in methods {
                    rows.append(measure(vanDerPolProblem(endTime: t, tolerance: tolerance), problemName: "van der Pol", method: name,
                                        tolerance: tolerance, endTime: t, reference: reference, stages: stages))
                }
            }
        }

        progress("three-body")
        let count = settings.threeBodyObservations
        let tight = try threeBodyProblem(observations: count, tolerance: 1e-13, tableau: .dormandPrince8)
        let acaTight = try computeGradient(tight, method: .aca)
        let reference = massesAndState(acaTight.parameterGradient + acaTight.initialStateGradient)
        var fdProblem = tight
        fdProblem.controller = StepSizeController(rtol: 1e-12, atol: 1e-12)
        let fd = massesAndState(try finiteDifferences(fdProblem))
        checks.append(ReferenceCheck(problem: "three-body", reference: "ACA through DOP853 at rtol = atol = 1e-13",
                                     check: "five-point FD of DOP853 at 1e-12", relativeDifference: relativeError(fd, reference)))
        let endTime = 0.1 * Double(count)
        for tolerance in settings.threeBodyTolerances {
            let problem = try threeBodyProblem(observations: count, tolerance: tolerance)
            for name in methods {
                rows.append(measure(problem, problemName: "three-body", method: name, tolerance: tolerance, endTime: endTime,
                                    reference: reference, stages: stages, select: massesAndState))
            }
        }
        let approach = try closestApproach(tight)
        return Results(settings: settings, rows: rows, checks: checks,
                       threeBodyClosestApproach: approach.closest, threeBodyInitialSeparation: approach.initial)
    }
}
