import Datasets
import Gradients
import Models
import ODE
import Optimizers

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
        /// Every knob above.
        public static let all: StrategyDefaults = [.tableau, .rtol, .atol, .iterations, .ftol, .xtol, .gtol]
    }

    /// The stored configuration of a fit of `model` on `dataset`, with the knobs in `open` set for
    /// the optimizer that will run (``strategy`` `auto` resolved by ``FitPlan``, then ``resolving(_:for:)``):
    /// what `orrery fit` writes into its fit file, and what ``Trainer/fit(configuration:dataset:checkpoints:resume:threads:attributes:progress:)`` runs.
    ///
    /// Adjoint tolerances equal to the settings' forward ones follow the forward tolerances (stored as nil).
    /// A cosine schedule's period becomes the iteration budget.
    /// - Throws: ``FitError`` when the gradient cannot drive the optimizer that runs (MALI with
    ///   Levenberg–Marquardt), or whatever ``FitPlan`` throws.
    public func configuration(model: ModelSpecification, data: FitConfiguration.DataSource, observedComponents: [Int]?,
                              dataset: TrajectoryDataset, leaving open: StrategyDefaults = []) throws -> FitConfiguration {
        func stored(_ settings: FitSettings) -> FitConfiguration {
            var c = settings.configuration(model: model)
            c.data = data
            c.observedComponents = observedComponents
            if case .adjoint(let r, let a) = gradient, r == rtol, a == atol {
                c.adjointRtol = nil
                c.adjointAtol = nil
            }
            return c
        }
        let plan = try FitPlan(configuration: stored(self), dataset: dataset)
        var c = stored(try resolving(open, for: plan.strategy))
        c.tolerances = c.tolerances ?? .standard
        if case .cosine(_, let minimum) = c.schedule { c.schedule = .cosine(totalSteps: c.iterations, minimum: minimum) }
        return c
    }

    /// These settings with the knobs in `open` set for `strategy`, the optimizer family that will run (`auto`
    /// resolved first, ``OptimizationStrategy/resolved(parameterCount:residualCount:)``): the defaults listed on
    /// ``StrategyDefaults`` — one table for `orrery fit` and for typed fits (``strategyDefaults``). When a convergence
    /// tolerance is open, all three are set (the others as given, ``ConvergenceTolerances/standard`` for nil); a
    /// cosine schedule's period follows an open iteration budget.
    /// - Throws: ``FitError`` when the gradient cannot drive that optimizer (MALI with Levenberg–Marquardt).
    public func resolving(_ open: StrategyDefaults, for strategy: OptimizationStrategy) throws(FitError) -> FitSettings {
        var s = self
        let leastSquares = strategy == .levenbergMarquardt
        if !open.isDisjoint(with: [.ftol, .xtol, .gtol]) {
            let given = tolerances ?? .standard
            s.tolerances = ConvergenceTolerances(ftol: open.contains(.ftol) ? (leastSquares ? 1e-10 : 2.2e-9) : given.ftol,
                                                 xtol: open.contains(.xtol) ? 1e-10 : given.xtol,
                                                 gtol: open.contains(.gtol) ? (leastSquares ? 1e-8 : 1e-5) : given.gtol)
        }
        func budget(_ iterations: Int) -> Int { open.contains(.iterations) ? iterations : self.iterations }
        switch strategy {
        case .levenbergMarquardt:
            if gradient == .mali {
                throw FitError("FitSettings.gradient mali needs a gradient-based optimizer; Levenberg–Marquardt (the default for few parameters) uses forward-sensitivity Jacobians: choose another FitSettings.strategy, or FitSettings.gradient aca")
            }
            s.iterations = budget(100)
            if open.contains(.tableau) { s.tableau = .dormandPrince8 }
            if open.contains(.rtol) { s.rtol = 1e-10 }
            if open.contains(.atol) { s.atol = 1e-12 }
        case .lbfgs: s.iterations = budget(1000)
        case .firstOrder, .auto: s.iterations = budget(100)
        case .firstOrderThenLBFGS:
            s.iterations = budget(200)
            s.polishIterations = polishIterations ?? 100
        }
        if open.contains(.iterations), case .cosine(_, let minimum) = s.schedule { s.schedule = .cosine(totalSteps: s.iterations, minimum: minimum) }
        return s
    }

    /// What `orrery fit` runs when given no flags (``FitRequest``'s defaults, `--optimizer auto --lr 1e-2`), for a
    /// typed fit (``Trainer/fit(field:initialParameters:parameterNames:data:settings:domains:checkpoints:progress:isInterrupted:)``):
    /// strategy `auto` (Levenberg–Marquardt for ≤ 200 learned values, else AdaBelief then L-BFGS), AdaBelief with
    /// adabelief-pytorch 0.2.x's defaults, ACA gradients, positivity, and the solver, tolerances and iteration budget
    /// left to the optimizer that runs (``strategyDefaults``).
    public static func defaults(threads: Int) -> FitSettings {
        do {
            let (strategy, optimizer) = try OptimizationStrategy.named("auto", learningRate: 1e-2)
            var (settings, open) = try FitRequest(threads: threads).settings(strategy: strategy, optimizer: optimizer, schedule: .constant)
            settings.strategyDefaults = open
            return settings
        } catch {
            preconditionFailure("FitRequest's defaults are valid: \(error)")
        }
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
