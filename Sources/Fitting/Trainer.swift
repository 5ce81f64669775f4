import Datasets
import Foundation
import Gradients
import HDF5Kit
import Models
import ODE
import Optimizers
import Parallel

/// Fits a model's parameters (and optionally initial states) to trajectory data through an
/// adaptive ODE solve.
///
/// The optimizer family is the configuration's ``OptimizationStrategy``: Levenberg–Marquardt on
/// residuals with forward-sensitivity Jacobians (the `auto` choice for physical models),
/// L-BFGS, or a first-order optimizer (AdaBelief by default) optionally polished by L-BFGS (the
/// `auto` choice for neural models). Positive parameters move in log space, bounded ones through
/// a logistic map (``ParameterTransforms``). Every fit ends with an honest ``FitStatus``; fits of
/// few parameters also get standard errors (``FitUncertainty``). Checkpoints are atomic, Ctrl-C
/// (or `isInterrupted`) saves and `resume` continues; a diverging fit stops with the best parameters kept.
public enum Trainer {
    /// Runs (or resumes) the fit of a ``ModelSpecification`` and returns the final checkpoint,
    /// also written to `output` when given.
    public static func fit(
        configuration: FitConfiguration, dataset: TrajectoryDataset, output: String?, resume: FitCheckpoint? = nil,
        threads: Int, attributes: [String: HDF5AttributeValue] = [:],
        progress: ((FitProgress) -> Void)? = nil, isInterrupted: @escaping () -> Bool = { InterruptFlag.isRaised }
    ) throws -> FitCheckpoint {
        try fit(configuration: configuration, dataset: dataset, checkpoints: output.map(FitCheckpointSink.file), resume: resume,
                threads: threads, attributes: attributes, progress: progress, isInterrupted: isInterrupted)
    }

    /// Runs (or resumes) the fit of a ``ModelSpecification``, handing every checkpoint to `checkpoints`.
    public static func fit(
        configuration: FitConfiguration, dataset: TrajectoryDataset, checkpoints: FitCheckpointSink?, resume: FitCheckpoint? = nil,
        threads: Int, attributes: [String: HDF5AttributeValue] = [:],
        progress: ((FitProgress) -> Void)? = nil, isInterrupted: @escaping () -> Bool = { InterruptFlag.isRaised }
    ) throws -> FitCheckpoint {
        try configuration.model.validate()
        guard configuration.model.stateDimension == dataset.stateDimension else {
            throw FitError("the model's state has \(configuration.model.stateDimension) components but the data has \(dataset.stateDimension) (\(dataset.metadata.stateLabels.joined(separator: ", ")))")
        }
        let built = try configuration.model.build(seed: configuration.seed)
        let domains = try configuration.model.parameterDomains()
        return try fit(field: built.field, initialParameters: built.initialParameters, domains: domains,
                       configuration: configuration, data: FitData(dataset: dataset, configuration: configuration),
                       checkpoints: checkpoints, resume: resume, threads: threads, attributes: attributes,
                       progress: progress, isInterrupted: isInterrupted)
    }

    /// Fits any named differentiable field under a stored-form configuration (what fit files and
    /// `orrery fit` use); ``fit(field:initialParameters:parameterNames:data:settings:domains:checkpoints:progress:isInterrupted:)``
    /// is the typed entry for library users. `domains` (one per parameter; missing entries are
    /// `.real`) says which parameters must stay positive; `checkpoints` receives every checkpoint.
    public static func fit<Field: DifferentiableVectorField & ParameterNaming & Sendable>(
        field: Field, initialParameters: [Double], domains: [ParameterDomain] = [], configuration c: FitConfiguration,
        data: FitData, checkpoints sink: FitCheckpointSink?, resume: FitCheckpoint? = nil, threads: Int,
        attributes: [String: HDF5AttributeValue] = [:], loss: ObservationLoss = .meanSquaredError,
        progress: ((FitProgress) -> Void)? = nil, isInterrupted: @escaping () -> Bool = { InterruptFlag.isRaised }
    ) throws -> FitCheckpoint {
        guard initialParameters.count == field.parameterCount else {
            throw FitError("\(initialParameters.count) starting values for the model's \(field.parameterCount) parameters")
        }
        // ALF (solver "alf") is differentiated by MALI only; its residual Jacobians, uncertainties and
        // evaluation solves (RK machinery) use dopri5 at the same tolerances.
        let tableau: ButcherTableau
        if c.solver == "alf" {
            guard c.gradient == "mali" else {
                throw FitError("solver alf (the asynchronous leapfrog) is differentiated only by the mali gradient; use gradient mali, or an RK solver (\(ButcherTableau.adaptiveNames))")
            }
            tableau = .dormandPrince5
        } else {
            guard let named = ButcherTableau.named(c.solver), named.isAdaptive else {
                throw FitError("solver \(c.solver) is not an adaptive method; use \(ButcherTableau.adaptiveNames) (or alf with gradient mali)")
            }
            guard c.gradient != "mali" else { throw FitError("the mali gradient integrates with the asynchronous leapfrog: use solver alf (got \(c.solver))") }
            tableau = named
        }
        let method: GradientMethod = switch c.gradient {
        case "aca": .aca
        case "naive": .naive
        case "adjoint": .adjoint(rtol: c.adjointRtol ?? c.rtol, atol: c.adjointAtol ?? c.atol)
        case "mali": .mali
        default: throw FitError("unknown gradient method \(c.gradient); use aca, adjoint, naive or mali")
        }
        let controller = StepSizeController(rtol: c.rtol, atol: c.atol)
        var attributes = attributes
        let observationMode: ObservationMode
        if method == .mali {
            observationMode = .stepOnObservations  // MALI always lands on the observation times
        } else if c.observationMode == "auto" {
            observationMode = try automaticObservationMode(field: field, parameters: initialParameters, data: data,
                                                           tableau: tableau, controller: controller)
            attributes["observation_mode"] = .string("\(observationMode.rawValue) (auto)")
        } else {
            guard let mode = ObservationMode(rawValue: c.observationMode ?? "step") else {
                throw FitError("unknown observation mode \(c.observationMode ?? ""); use auto, step or dense")
            }
            observationMode = mode
        }
        guard let batching = FitBatching(rawValue: c.batching ?? FitBatching.perTrajectory.rawValue) else {
            throw FitError("unknown batching \(c.batching ?? ""); set FitSettings.batching to auto, per-trajectory, shared-grid or lockstep")
        }
        if batching == .sharedGrid, let reason = FitObjective<Field>.sharedGridUnavailable(field: field, method: method, loss: loss) {
            throw FitError("FitSettings.batching shared-grid: \(reason)")
        }
        if batching == .lockstep, let reason = FitObjective<Field>.lockstepUnavailable(field: field, method: method) {
            throw FitError("FitSettings.batching lockstep: \(reason)")
        }
        let objective = FitObjective(field: field, data: data, tableau: tableau, controller: controller,
                                     method: method, observationMode: observationMode, learnInitialState: c.learnInitialState,
                                     threads: threads, loss: loss, batching: batching)
        let automatic = batching == .auto ? " (auto)" : ""
        switch objective.batching {
        case .sharedGrid: attributes["batching"] = .string("shared-grid\(automatic): \(objective.sharedGridSummary())")
        case .lockstep: attributes["batching"] = .string("lockstep\(automatic): \(objective.lockstepSummary())")
        default: attributes["batching"] = .string("per-trajectory\(automatic)")
        }
        // θ = [model parameters, initial states of the training trajectories (if learned)].
        var blocks = field.parameterBlocks.map { FitCheckpoint.Block(name: $0.name, range: $0.range) }
        var blockNames = field.parameterBlocks.flatMap { block in [String](repeating: block.name, count: block.range.count) }
        var names = field.parameterNames
        if c.learnInitialState {
            let d = data.dimension, m = field.parameterCount
            blocks.append(.init(name: "initial_state", range: m..<(m + data.training.count * d)))
            for trajectory in data.training {
                for k in 0..<d { names.append("initial_state[\(trajectory.index),\(k)]") }
            }
            blockNames += [String](repeating: "initial_state", count: data.training.count * d)
        }
        let start = objective.initialTheta(modelParameters: initialParameters)
        if let resume {
            guard resume.parameters.count == start.count, resume.blocks.map(\.name) == blocks.map(\.name) else {
                throw FitError("the fit file's parameters (\(resume.blocks.map(\.name).joined(separator: ", "))) do not match this model and data")
            }
        }
        let neural = field.parameterCount > OptimizationStrategy.leastSquaresParameterLimit
        // The transforms come from the first start even on --resume: the saved optimizer variables
        // are in the first run's coordinates (scaled by |θ₀|), so rebuilding them from the
        // resumed values would move every scaled parameter.
        let transforms = try ParameterTransforms.make(
            names: names, blockNames: blockNames, domains: domains, start: start, bounds: c.bounds ?? [:],
            positivity: c.positivity ?? false, scale: (c.positivity ?? false) && !neural)
        if let bounds = c.bounds {
            for name in bounds.keys where !names.contains(name) && !blockNames.contains(name) {
                throw FitError("FitConfiguration.bounds names an unknown parameter '\(name)'; the parameters are \(Array(Set(blockNames)).sorted().joined(separator: ", "))")
            }
        }
        let strategy = (c.strategy ?? .firstOrder).resolved(parameterCount: start.count, residualCount: objective.residualCount)
        if method == .mali && strategy == .levenbergMarquardt {
            throw FitError("the mali gradient needs a gradient-based optimizer: Levenberg–Marquardt uses forward-sensitivity Jacobians of an RK solve; choose a first-order optimizer or L-BFGS, or the aca gradient")
        }
        if !loss.isSumOfSquares {
            guard strategy != .levenbergMarquardt else {
                throw FitError("the loss \(loss.name) is not a sum of squared residuals, so Levenberg–Marquardt (FitSettings.strategy \(c.strategy == .auto ? ".auto, which picks it for ≤ \(OptimizationStrategy.leastSquaresParameterLimit) parameters" : ".levenbergMarquardt")) cannot minimize it; set FitSettings.strategy to .firstOrder, .lbfgs or .firstOrderThenLBFGS, or FitSettings.loss to .meanSquaredError")
            }
            attributes["loss"] = .string(loss.name)
        }
        /// One fit from `theta` to its end.
        func fit(from theta: [Double], objective: FitObjective<Field>, sink: FitCheckpointSink?, progress: ((FitProgress) -> Void)?) throws -> FitCheckpoint {
            let session = FitSession(objective: objective, configuration: c, transforms: transforms, blocks: blocks, start: theta,
                                     strategy: strategy, sink: sink, attributes: attributes, resume: resume, progress: progress,
                                     isInterrupted: isInterrupted)
            var status: FitStatus
            switch strategy {
            case .levenbergMarquardt: status = try session.runLeastSquares(until: c.iterations)
            case .lbfgs: status = try session.runLBFGS(until: c.iterations)
            case .firstOrder, .auto: status = try session.runFirstOrder(until: c.iterations)
            case .firstOrderThenLBFGS:
                let polish = c.polishIterations ?? 200
                status = try session.runFirstOrder(until: c.iterations)
                if status != .stalled {
                    let firstReason = session.statusReason
                    session.strategy = .lbfgs
                    status = try session.runLBFGS(until: c.iterations + polish)
                    session.statusReason = "\(c.optimizer.optimizerName): \(firstReason); then \(session.statusReason)"
                    session.strategy = .firstOrderThenLBFGS
                }
            }
            try finish(session, status: status, names: names, start: theta)
            let finished = session.checkpoint(status)
            try sink?.save(finished)
            return finished
        }
        let restarts = max(1, c.restarts ?? 1)
        guard restarts > 1, resume == nil else { return try fit(from: start, objective: objective, sink: sink, progress: progress) }
        // Restarts: the given start and N − 1 perturbed ones (10 % in the optimizer's variables, so
        // relative for positive and scaled parameters), deterministic per seed, fitted in parallel
        // (one thread each); the lowest selection loss wins, and every start's outcome is recorded.
        var random = SeededRandom(seed: c.seed, stream: 0x7265_7374_6172_7473)
        let u0 = transforms.internal(start)
        let starts = [start] + (1..<restarts).map { _ in transforms.external(u0.map { $0 + 0.1 * random.normal() }) }
        let single = FitObjective(field: field, data: data, tableau: tableau, controller: controller, method: method,
                                  observationMode: observationMode, learnInitialState: c.learnInitialState, threads: 1, loss: loss,
                                  batching: objective.batching)
        // Each restart builds its own session; what `fit` captures is immutable (values, the interrupt probe).
        let run = UncheckedSendable(fit)
        let outcomes: [Result<FitCheckpoint, FitError>] = parallelMap(restarts, threads: threads) { k in
            do { return .success(try run.value(starts[k], single, nil, nil)) } catch {
                return .failure(FitError("restart \(k): \(error)"))
            }
        }
        func selection(_ k: Int) -> Double {
            guard case .success(let fit) = outcomes[k], !fit.bestValidationLoss.isNaN else { return .infinity }
            return fit.bestValidationLoss
        }
        let chosen = (0..<restarts).min { selection($0) < selection($1) } ?? 0
        guard case .success(var best) = outcomes[chosen] else {
            if case .failure(let error) = outcomes[0] { throw error }
            throw FitError("every restart failed")
        }
        best.attributes["restarts"] = .integer(Int64(restarts))
        best.attributes["restart_chosen"] = .integer(Int64(chosen))
        best.attributes["restart_losses"] = .doubles(outcomes.map { (try? $0.get())?.bestValidationLoss ?? .nan })
        best.attributes["restart_statuses"] = .strings(outcomes.map { (try? $0.get())?.status ?? "failed" })
        try sink?.save(best)
        return best
    }

    /// Dense output when the first training trajectory has more observation times than a free solve
    /// at the starting parameters takes steps (landing on each would multiply the steps), else landing.
    static func automaticObservationMode<Field: DifferentiableVectorField>(
        field: Field, parameters: [Double], data: FitData, tableau: ButcherTableau, controller: StepSizeController
    ) throws -> ObservationMode {
        guard let first = data.training.first, let end = first.observations.times.last, end > first.t0 else { return .stepOnObservations }
        do {
            let free = try solve(field, from: first.t0, to: end, initialState: first.initialState, parameters: parameters,
                                 method: tableau, stepSize: .adaptive(controller), options: SolveOptions())
            return first.observations.count > free.stepCount ? .denseOutput : .stepOnObservations
        } catch {
            return .stepOnObservations
        }
    }

    /// The final parameters enter the best-tracking; few-parameter fits get uncertainties and
    /// identifiability warnings.
    private static func finish<Field>(_ session: FitSession<Field>, status: FitStatus, names: [String], start: [Double]) throws {
        let objective = session.objective
        do throws(ODEError) {
            let training = try objective.loss(session.theta)
            let validation = try objective.validationLoss(session.theta)
            session.considerBest(loss: training, validationLoss: validation)
            // Initial states taken from noisy first observations bias every parameter. Only a fit
            // that converged says so by its residuals: one stopped early may simply not fit yet.
            if status == .converged && !objective.learnInitialState && objective.data.startsAreFirstObservations
                && training.squareRoot() > 1e-6 * objective.data.observedRMS {
                session.warnings.append("the initial states are the data's values at each trajectory's start, taken as exact; the converged fit leaves residuals (RMS \(String(format: "%.3g", training.squareRoot()))), noise in the data or what the model cannot follow; if the data are noisy, so are the starts: set FitSettings.learnInitialState")
            }
        } catch {
            session.warnings.append("the final parameters could not be evaluated: \(error)")
        }
        if !objective.loss.isSumOfSquares {
            session.warnings.append("no standard errors: the loss \(objective.loss.name) is not a sum of squared residuals")
        } else if session.transforms.count <= OptimizationStrategy.leastSquaresParameterLimit && status != .diverged {
            // Uncertainties at the reported (best) parameters.
            let current = session.u
            session.u = session.transforms.internal(session.best)
            do { try session.computeUncertainty(names: names) } catch {
                session.warnings.append("no standard errors: \(error)")
            }
            session.u = current
        }
        // A parameter pinned at a bound: the data pull it further than allowed.
        for (k, transform) in session.transforms.transforms.enumerated() {
            let value = session.best[k]
            var bound: Double?
            switch transform {
            case .interval(let lo, let hi): bound = [lo, hi].first { abs(value - $0) <= 1e-9 * max(abs($0), abs(hi - lo)) }
            case .lowerBound(let lo): bound = abs(value - lo) <= 1e-9 * max(abs(lo), 1) ? lo : nil
            case .upperBound(let hi): bound = abs(value - hi) <= 1e-9 * max(abs(hi), 1) ? hi : nil
            default: break
            }
            if let bound { session.warnings.append("\(names[k]) is at its bound \(bound): the data pull it further; widen FitConfiguration.bounds if that is allowed") }
        }
        // A parameter that barely moved may be one the data cannot determine.
        if session.iteration > 0 && start.count <= 50 {
            let still = zip(names, zip(start, session.best)).filter { _, pair in
                abs(pair.1 - pair.0) <= 1e-9 * max(abs(pair.0), 1e-300)
            }.map(\.0)
            if !still.isEmpty && status != .converged || still.count == start.count && session.iteration > 1 {
                session.warnings.append("\(still.joined(separator: ", ")) barely moved from the start: check that the data constrain them")
            }
        }
    }
}

/// A value shared across worker threads whose safety the call site argues for.
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

extension FitConfiguration {
    /// The configuration as JSON (sorted keys): stored in fit files for `--resume`.
    public func jsonString() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    public init(jsonString: String) throws {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        self = try decoder.decode(FitConfiguration.self, from: Data(jsonString.utf8))
    }
}
