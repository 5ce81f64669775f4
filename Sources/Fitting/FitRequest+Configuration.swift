import Datasets
import Models
import Optimizers

extension FitRequest {
    /// The configuration of a new fit of `model` on `data` (read from `source`), and the data matched to the model.
    ///
    /// An equation model's states are matched to the data's columns by name, observed as ``observe`` names them
    /// (``EquationObservation``), the others started from ``initialState``; a built-in model is observed as
    /// ``FitConfiguration/observedComponents(parsing:dimension:)`` reads ``observe`` and starts from the data.
    /// The bounds the model declares are merged under the request's (``ParameterBounds/merged(_:declaredBy:)``), and
    /// the knobs the request leaves open are set for the optimizer that runs
    /// (``FitSettings/configuration(model:data:observedComponents:dataset:leaving:)``).
    /// - Throws: ``FitError`` naming ``initialState`` for a built-in model, ``observe``, ``initialState`` or
    ///   ``batching``, or what matching the data to the model throws.
    public func configuration(model: ModelSpecification, data: TrajectoryDataset, source: FitConfiguration.DataSource,
                              strategy: OptimizationStrategy, optimizer: OptimizerSpecification,
                              schedule: LearningRateSchedule) throws -> (FitConfiguration, TrajectoryDataset) {
        var observation = EquationObservation.everyState, isEquations = false
        if case let .equations(specification) = model {
            isEquations = true
            observation = try EquationObservation(observe: observe, initialState: initialState, stateNames: try specification.makeModel().stateNames)
        } else if initialState != nil {
            throw FitError("FitRequest.initialState gives the starts of unobserved states of equation models (ModelSpecification.equations); built-in models start from the data")
        }
        let dataset = try data.matching(model, observed: observation.components, initialStates: observation.initialStates, file: source.path)
        var (settings, open) = try settings(strategy: strategy, optimizer: optimizer, schedule: schedule)
        settings.bounds = ParameterBounds.merged(settings.bounds, declaredBy: model)
        var source = source
        source.initialStates = observation.initialStates
        let configuration = try settings.configuration(
            model: model, data: source,
            observedComponents: isEquations ? observation.components
                : try FitConfiguration.observedComponents(parsing: observe, dimension: dataset.stateDimension),
            dataset: dataset, leaving: open)
        return (configuration, dataset)
    }
}
