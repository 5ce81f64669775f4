import Datasets
import Gradients
import Models
import ODE

extension FitSettings {
    /// Knobs left to the optimizer that will run: each one named here takes that optimizer's
    /// default instead of the settings' value (see ``configuration(model:data:observedComponents:dataset:leaving:)``).
    public struct StrategyDefaults: OptionSet, Sendable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }
        /// dop853 for Levenberg–Marquardt (``tableau``).
        public static let tableau = StrategyDefaults(rawValue: 1 << 0)
        /// rtol 1e-10 for Levenberg–Marquardt, whose answer is only as accurate as its solve (``rtol``).
        public static let rtol = StrategyDefaults(rawValue: 1 << 1)
        /// atol 1e-12 for Levenberg–Marquardt (``atol``).
        public static let atol = StrategyDefaults(rawValue: 1 << 2)
        /// LM 100, L-BFGS 1000, first-order 100, first-order then L-BFGS 200 + 100 (``iterations``).
        public static let iterations = StrategyDefaults(rawValue: 1 << 3)
        /// ftol 1e-10 for LM, else 2.2e-9 (``tolerances``).
        public static let ftol = StrategyDefaults(rawValue: 1 << 4)
        /// xtol 1e-10.
        public static let xtol = StrategyDefaults(rawValue: 1 << 5)
        /// gtol 1e-8 for LM (max cosine), else 1e-5 (‖∂L/∂u‖∞).
        public static let gtol = StrategyDefaults(rawValue: 1 << 6)
    }

    /// The stored configuration of a fit of `model` on `dataset`, with the knobs in `open` set for
    /// the optimizer that will run (``strategy`` `auto` resolved by ``FitPlan``): what `orrery fit`
    /// writes into its fit file, and what ``Trainer/fit(configuration:dataset:checkpoints:resume:threads:attributes:progress:)`` runs.
    ///
    /// Adjoint tolerances equal to the settings' forward ones follow the forward tolerances (stored as nil).
    /// A cosine schedule's period becomes the iteration budget.
    /// - Throws: ``FitError`` when the gradient cannot drive the optimizer that runs (MALI with
    ///   Levenberg–Marquardt), or whatever ``FitPlan`` throws.
    public func configuration(model: ModelSpecification, data: FitConfiguration.DataSource, observedComponents: [Int]?,
                              dataset: TrajectoryDataset, leaving open: StrategyDefaults = []) throws -> FitConfiguration {
        var c = configuration(model: model)
        c.data = data
        c.observedComponents = observedComponents
        if case .adjoint(let r, let a) = gradient, r == rtol, a == atol {
            c.adjointRtol = nil
            c.adjointAtol = nil
        }
        let plan = try FitPlan(configuration: c, dataset: dataset)
        let leastSquares = plan.strategy == .levenbergMarquardt
        let given = tolerances ?? .standard
        c.tolerances = ConvergenceTolerances(ftol: open.contains(.ftol) ? (leastSquares ? 1e-10 : 2.2e-9) : given.ftol,
                                             xtol: open.contains(.xtol) ? 1e-10 : given.xtol,
                                             gtol: open.contains(.gtol) ? (leastSquares ? 1e-8 : 1e-5) : given.gtol)
        func budget(_ iterations: Int) -> Int { open.contains(.iterations) ? iterations : self.iterations }
        switch plan.strategy {
        case .levenbergMarquardt:
            if gradient == .mali {
                throw FitError("FitSettings.gradient mali needs a gradient-based optimizer; Levenberg–Marquardt (the default for few parameters) uses forward-sensitivity Jacobians: choose another FitSettings.strategy, or FitSettings.gradient aca")
            }
            c.iterations = budget(100)
            if open.contains(.tableau) { c.solver = ButcherTableau.dormandPrince8.name }
            if open.contains(.rtol) { c.rtol = 1e-10 }
            if open.contains(.atol) { c.atol = 1e-12 }
        case .lbfgs: c.iterations = budget(1000)
        case .firstOrder, .auto: c.iterations = budget(100)
        case .firstOrderThenLBFGS:
            c.iterations = budget(200)
            c.polishIterations = polishIterations ?? 100
        }
        if case .cosine(_, let minimum) = c.schedule { c.schedule = .cosine(totalSteps: c.iterations, minimum: minimum) }
        return c
    }
}

extension FitConfiguration {
    /// This configuration with the settings' knobs that ``FitSettings/configuration(model:)`` does not pass through its initializer.
    func adding(_ settings: FitSettings) -> FitConfiguration {
        var c = self
        c.clipNorm = settings.clipNorm
        c.trainUntil = settings.trainUntil
        c.validateUntil = settings.validateUntil
        c.validationFraction = settings.validationFraction
        c.validateEvery = settings.validateEvery
        c.patience = settings.patience
        c.timeWeightBase = settings.timeWeightBase
        c.tolerances = settings.tolerances
        c.bounds = settings.bounds
        c.restarts = settings.restarts
        c.polishIterations = settings.polishIterations
        c.horizonContinuation = settings.horizonContinuation
        return c
    }
}
