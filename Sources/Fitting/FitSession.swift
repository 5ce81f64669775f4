import Foundation
import Gradients
import HDF5Kit
import ODE
import Optimizers

/// The state of one fit while it runs, shared by every optimizer loop: the variables `u` the
/// optimizer moves (``ParameterTransforms`` map them to the model's `θ`), the history, the best
/// parameters, the checkpoints and the progress reports.
///
/// "Best" is chosen on the validation loss when there is validation data, else on the training
/// loss; the test window never enters.
final class FitSession<Field: DifferentiableVectorField & Sendable> {
    let objective: FitObjective<Field>
    let configuration: FitConfiguration
    let transforms: ParameterTransforms
    let blocks: [FitCheckpoint.Block]
    let sink: FitCheckpointSink?
    let attributes: [String: HDF5AttributeValue]
    let progress: ((FitProgress) -> Void)?
    /// Asked between iterations: stop, save and throw ``FitInterrupted`` (default: Ctrl-C, ``InterruptFlag``).
    let isInterrupted: () -> Bool
    /// Report current parameter values in progress lines up to this many parameters.
    let reportedParameterLimit = 12

    var u: [Double]
    var history = FitHistory()
    var best: [Double]
    var bestLoss = Double.infinity
    var bestIteration = 0
    var iteration = 0
    var stale = 0
    /// The optimizer state saved with checkpoints (first-order optimizers; empty otherwise).
    var optimizerState = OptimizerState(optimizer: "none", step: 0, buffers: [])
    var strategy: OptimizationStrategy
    var statusReason = ""
    var uncertainty: FitUncertainty?
    var warnings: [String] = []
    /// Off during the stages of a continuation in time (their losses are over shorter horizons).
    var selecting = true
    /// Shown in progress lines instead of the optimizer's name while a stage runs.
    var stageLabel: String?
    let secondsBefore: Double
    let clock = Date()

    init(objective: FitObjective<Field>, configuration: FitConfiguration, transforms: ParameterTransforms,
         blocks: [FitCheckpoint.Block], start theta: [Double], strategy: OptimizationStrategy, sink: FitCheckpointSink?,
         attributes: [String: HDF5AttributeValue], resume: FitCheckpoint?, progress: ((FitProgress) -> Void)?,
         isInterrupted: @escaping () -> Bool) {
        self.isInterrupted = isInterrupted
        self.objective = objective
        self.configuration = configuration
        self.transforms = transforms
        self.blocks = blocks
        self.sink = sink
        self.attributes = attributes
        self.progress = progress
        self.strategy = strategy
        u = transforms.internal(theta)
        best = theta
        if let resume {
            u = resume.optimizerState[Self.variablesBuffer] ?? transforms.internal(resume.parameters)
            best = resume.bestParameters
            bestLoss = resume.bestValidationLoss.isNaN ? .infinity : resume.bestValidationLoss
            bestIteration = resume.bestIteration
            history = resume.history
            iteration = resume.iteration
            stale = Int(resume.attributes["stale_validations"]?.integerValue ?? 0)
            var state = resume.optimizerState
            state.buffers.removeAll { $0.name == Self.variablesBuffer }
            optimizerState = state
        }
        secondsBefore = history.seconds.last ?? 0
    }

    /// The optimizer's variables are saved beside its state, so a resumed fit continues bit for bit
    /// (recomputing them from `θ` through a transform could differ in the last bit).
    static var variablesBuffer: String { "orrery_variables" }

    var theta: [Double] { transforms.external(u) }
    var seconds: Double { secondsBefore + Date().timeIntervalSince(clock) }

    /// `∂L/∂u` from `∂L/∂θ` (chain rule through the transforms).
    func internalGradient(_ gradient: [Double]) -> [Double] {
        zip(gradient, transforms.derivatives(u)).map { $0 * $1 }
    }

    /// Considers the current parameters for "best": on the validation loss when the fit has
    /// validation data (iterations without a validation pass NaN and are skipped), else on `loss`.
    func considerBest(loss: Double, validationLoss: Double) {
        guard selecting else { return }
        let hasValidation = !objective.data.validation.isEmpty
        if hasValidation && validationLoss.isNaN { return }
        let selection = hasValidation ? validationLoss : loss
        if selection.isFinite && (selection < bestLoss * (1 - 1e-6) || bestLoss.isInfinite) {
            best = theta
            bestLoss = selection
            bestIteration = iteration
            stale = 0
        } else if hasValidation {
            stale += 1
        }
    }

    /// Records one finished iteration: history and progress.
    func record(loss: Double, validationLoss: Double, evaluations: Int) {
        history.append(loss: loss, validationLoss: validationLoss, functionEvaluations: evaluations, seconds: seconds)
        iteration += 1
        let current = theta
        progress?(FitProgress(iteration: iteration, iterations: configuration.iterations, loss: loss, validationLoss: validationLoss,
                              functionEvaluations: evaluations, seconds: seconds, phase: phaseName,
                              parameters: current.count <= reportedParameterLimit ? current : nil))
    }

    var phaseName: String {
        if let stageLabel { return stageLabel }
        return switch strategy {
        case .levenbergMarquardt: "lm"
        case .lbfgs: "lbfgs"
        default: configuration.optimizer.optimizerName
        }
    }

    /// The fit file's content now.
    func checkpoint(_ status: FitStatus) -> FitCheckpoint {
        var attributes = attributes
        attributes["fit_end"] = .double(objective.data.fitEnd)
        attributes["training_trajectories"] = .integers(objective.data.training.map { Int64($0.index) })
        attributes["validation_trajectories"] = .integers(objective.data.validation.map { Int64($0.index) })
        attributes["stale_validations"] = .integer(Int64(stale))
        attributes["optimizer_strategy"] = .string(strategy.rawValue)
        attributes["status_reason"] = .string(statusReason)
        attributes["selection"] = .string(objective.data.validation.isEmpty ? "training loss (no validation data)" : "validation loss")
        attributes["transforms"] = .strings(transforms.transforms.map(\.summary))
        if !warnings.isEmpty { attributes["warnings"] = .strings(warnings) }
        var state = optimizerState
        state.buffers.append(.init(name: Self.variablesBuffer, values: u))
        var checkpoint = FitCheckpoint(
            blocks: blocks, parameters: theta, bestParameters: best, bestValidationLoss: bestLoss.isFinite ? bestLoss : .nan,
            bestIteration: bestIteration, iteration: iteration, optimizerState: state, history: history,
            configurationJSON: (try? configuration.jsonString()) ?? "{}", attributes: attributes, status: status.rawValue)
        checkpoint.uncertainty = uncertainty
        return checkpoint
    }

    /// Hands the checkpoint to the sink, if the fit has one.
    func save(_ status: FitStatus) throws {
        guard let sink else { return }
        try sink.save(checkpoint(status))
    }

    /// Saves and throws ``FitInterrupted`` when Ctrl-C was pressed.
    func stopIfInterrupted() throws {
        guard isInterrupted() else { return }
        statusReason = "interrupted by the user"
        try save(.interrupted)
        throw FitInterrupted(checkpointPath: sink?.description ?? "(no output)", iteration: iteration)
    }

    /// Saves a diverged state and throws the message naming what to change.
    func diverge(_ reason: String, remedy: String) throws -> Never {
        statusReason = reason
        try save(.diverged)
        throw FitError("\(reason). The best parameters (iteration \(bestIteration)) are kept\(sink.map { " in \($0.description)" } ?? ""). \(remedy)")
    }
}

/// One line of progress, reported after every iteration.
public struct FitProgress: Sendable {
    public let iteration: Int
    public let iterations: Int
    public let loss: Double
    public let validationLoss: Double
    public let functionEvaluations: Int
    public let seconds: Double
    /// The optimizer running: `lm`, `lbfgs`, `adabelief`, …
    public let phase: String
    /// The model's current parameters when there are few of them (else nil).
    public let parameters: [Double]?

    public init(iteration: Int, iterations: Int, loss: Double, validationLoss: Double, functionEvaluations: Int,
                seconds: Double, phase: String, parameters: [Double]?) {
        (self.iteration, self.iterations, self.loss, self.validationLoss) = (iteration, iterations, loss, validationLoss)
        (self.functionEvaluations, self.seconds, self.phase, self.parameters) = (functionEvaluations, seconds, phase, parameters)
    }
}

/// A fit that stopped before its last iteration on purpose: the checkpoint on disk is valid.
public struct FitInterrupted: Error, CustomStringConvertible {
    public let checkpointPath: String
    public let iteration: Int
    public var description: String {
        "interrupted after iteration \(iteration); state saved in \(checkpointPath) (continue by passing it to Trainer.fit as resume)"
    }
}
