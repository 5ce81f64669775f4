import Datasets
import Fitting
import Foundation
import Models

/// `orrery gradient --equations '…'` / `--model-file FILE`: the same gradients (and `--check`)
/// for an equation model, its states matched to the data's columns by name, its parameters
/// named as in the equations.
extension GradientCommand {
    func runEquations() throws {
        let values = try EquationModelOptions.scalarValues(parameters)
        let networks = try EquationModelOptions.networkSettings(hidden: hidden, activation: activation)
        guard let specification = try equationOptions.specification(values: values, networks: networks) else { return }
        let dataset = try DataOptions.load(path: data, timePath: nil, statePath: nil).matching(specification, file: data)
        let (field, initial) = try specification.build(seed: 0)
        try runEquations(field, initial: initial, specification: specification, dataset: dataset)
    }

    /// The gradients for one concrete field type (an ``EquationModel`` or, with `nn(…)` terms, a
    /// ``UniversalEquationModel``).
    private func runEquations<F: NamedDifferentiableField>(_ field: F, initial: [Double], specification: ModelSpecification,
                                                           dataset: TrajectoryDataset) throws {
        let study = try GradientStudy.named(
            field: field, parameters: initial, dataset: dataset, file: data, trajectory: trajectory,
            tableau: request.tableau, controller: request.controller, observationMode: request.mode)
        let outcomes = try study.gradients(methods: try request.methods(), threads: threads)
        let reference = check ? try study.finiteDifferenceReference(threads: threads) : nil
        let report = EquationGradientReport(command: Provenance.command, data: data, model: specification.description,
                                            states: specification.stateLabels, study: study,
                                            outcomes: outcomes, reference: reference)
        if json { try printJSON(report) } else { print(report.text) }
    }
}
