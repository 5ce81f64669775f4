import Gradients
import Models
import ODE

extension Trainer {
    /// Fits any differentiable vector field — built-in, an equation model or your own Swift type —
    /// to observations: the typed library entry point.
    ///
    /// - Parameters:
    ///   - field: the model; its VJP drives the gradient (check it with `Checking.VJPChecker` first).
    ///   - initialParameters: where the optimizer starts (one value per parameter of `field`).
    ///   - parameterNames: names for the fit's report and checkpoints (nil: `p0, p1, …`).
    ///   - data: the trajectories to fit (``FitData/init(trajectories:validation:)`` from arrays).
    ///   - settings: every knob (``FitSettings``), validated before anything runs.
    ///   - domains: which parameters must stay positive (missing entries: `.real`).
    ///   - checkpoints: receives every checkpoint (nil: none kept; the final one is returned).
    /// - Returns: the final checkpoint: best parameters, losses, status, history and standard errors.
    /// - Throws: ``FitError`` naming the setting to change; an `ODEError` if even the first solve fails.
    public static func fit<Field: DifferentiableVectorField & Sendable>(
        field: Field, initialParameters: [Double], parameterNames: [String]? = nil, data: FitData, settings: FitSettings,
        domains: [ParameterDomain] = [], checkpoints: FitCheckpointSink? = nil, progress: ((FitProgress) -> Void)? = nil,
        isInterrupted: @escaping () -> Bool = { false }
    ) throws -> FitCheckpoint {
        try settings.validate()
        let m = field.parameterCount
        guard initialParameters.count == m else {
            throw FitError("initialParameters has \(initialParameters.count) values; the field has \(m) parameters (Field.parameterCount)")
        }
        let names = parameterNames ?? (0..<m).map { "p\($0)" }
        guard names.count == m, Set(names).count == m else {
            throw FitError("parameterNames must be \(m) distinct names, one per parameter (got \(names.count): \(names.joined(separator: ", ")))")
        }
        guard data.dimension == field.dimension else {
            throw FitError("the data have \(data.dimension) state components; the field has \(field.dimension) (Field.dimension)")
        }
        let model = ModelSpecification.custom(name: String(describing: Field.self), stateDimension: field.dimension, parameterNames: names)
        // The knobs left open take the defaults of the strategy that will run (resolved as the loop resolves it).
        let learned = m + (settings.learnInitialState ? data.training.count * data.dimension : 0)
        let strategy = settings.strategy.resolved(parameterCount: learned, residualCount: data.trainingObservedEntries)
        let resolved = try settings.resolving(settings.strategyDefaults, for: strategy)
        return try fit(field: RenamedParameterField(base: field, scalarNames: names), initialParameters: initialParameters,
                       domains: domains, configuration: resolved.configuration(model: model), data: data, checkpoints: checkpoints,
                       threads: settings.threads, loss: settings.loss, progress: progress, isInterrupted: isInterrupted)
    }
}
