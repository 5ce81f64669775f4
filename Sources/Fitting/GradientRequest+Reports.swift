import Datasets
import Gradients
import Models
import Physics

/// A ``GradientRequest`` run to its report: the study, every requested method, and the finite-difference
/// check when asked; what `orrery gradient` prints (``ThreeBodyGradientReport/text`` or the report as JSON).
extension GradientRequest {
    /// The gradients of the three-body model (``GradientStudy/threeBody(dataset:file:trajectory:masses:G:observePositions:tableau:controller:observationMode:)``)
    /// on `dataset`: one method at a time, each checked finite (``GradientStudy/requireFinite(_:)``) before the next runs,
    /// timed over ``repeat`` repetitions. `check` adds the finite-difference reference and each method's relative error;
    /// `command` is recorded in the report.
    /// - Throws: ``FitError`` for a bad value, a non-finite gradient or an unknown method; what the solves throw.
    public func threeBodyReport(dataset: TrajectoryDataset, file: String, masses: [Double]?, G: Double?, check: Bool,
                                command: String) throws -> ThreeBodyGradientReport {
        let study = try GradientStudy.threeBody(
            dataset: dataset, file: file, trajectory: trajectory, masses: masses, G: G, observePositions: observe == "positions",
            tableau: tableau, controller: controller, observationMode: mode)
        let outcomes = try checkedOutcomes(study, repeats: `repeat`)
        let reference = check ? try study.finiteDifferenceReference(threads: threads) : nil
        return ThreeBodyGradientReport(
            command: command, data: file, model: "three-body", solver: solver, rtol: rtol, atol: atol, observe: observe,
            observationMode: observationMode, study: study, outcomes: outcomes, repeats: `repeat`, reference: reference)
    }

    /// The gradients of an equation model (an ``EquationModel`` or, with `nn(…)` terms, a ``UniversalEquationModel``) at
    /// its starting values on `dataset`, whose columns already match its states (`TrajectoryDataset.matching(_:file:)`);
    /// its parameters are named as in the equations; each method's gradient is checked finite, as for the three-body model.
    /// `check` and `command` as for ``threeBodyReport(dataset:file:masses:G:check:command:)``. ``repeat`` is not used here
    /// (the report has no timings): each method runs once.
    /// - Throws: what building the model, the study or the solves throw.
    public func equationReport(specification: ModelSpecification, dataset: TrajectoryDataset, file: String, check: Bool,
                               command: String) throws -> EquationGradientReport {
        let (field, initial) = try specification.build(seed: 0)
        return try equationReport(field, initial: initial, specification: specification, dataset: dataset, file: file,
                                  check: check, command: command)
    }

    /// Each of ``methods()`` on `study`, one at a time, each checked finite (``GradientStudy/requireFinite(_:)``)
    /// before the next runs; `repeats` timed repetitions of each.
    private func checkedOutcomes<F>(_ study: GradientStudy<F>, repeats: Int) throws -> [GradientStudy<F>.Outcome] {
        var outcomes: [GradientStudy<F>.Outcome] = []
        for method in try methods() {
            let outcome = try study.gradients(methods: [method], threads: threads, repeats: repeats)[0]
            try GradientStudy<F>.requireFinite(outcome)
            outcomes.append(outcome)
        }
        return outcomes
    }

    /// ``equationReport(specification:dataset:file:check:command:)`` for one concrete field type.
    private func equationReport<F: NamedDifferentiableField>(_ field: F, initial: [Double], specification: ModelSpecification,
                                                             dataset: TrajectoryDataset, file: String, check: Bool,
                                                             command: String) throws -> EquationGradientReport {
        let study = try GradientStudy.named(
            field: field, parameters: initial, dataset: dataset, file: file, trajectory: trajectory,
            tableau: tableau, controller: controller, observationMode: mode)
        let outcomes = try checkedOutcomes(study, repeats: 0)
        let reference = check ? try study.finiteDifferenceReference(threads: threads) : nil
        return EquationGradientReport(command: command, data: file, model: specification.description, states: specification.stateLabels,
                                      study: study, outcomes: outcomes, reference: reference)
    }
}
