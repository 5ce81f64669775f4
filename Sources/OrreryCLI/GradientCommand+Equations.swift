import Datasets
import Equations
import Foundation
import Gradients
import Models
import ODE

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
        let problems = try equationProblems(field, parameters: initial, dataset: dataset)
        var reports: [EquationGradientReport.Method] = []
        for name in try methods() {
            let method: GradientMethod = switch name {
            case "naive": .naive
            case "adjoint": .adjoint(rtol: adjointRtol ?? rtol, atol: adjointAtol ?? atol)
            case "mali": .mali
            default: .aca
            }
            let result = try computeGradients(problems.map(\.problem), method: method, threads: threads)
            reports.append(.init(method: name, loss: result.loss, parameterGradient: result.parameterGradient,
                                 initialStateGradient: result.initialStateGradients))
        }
        var reference: EquationGradientReport.Method?
        if check {
            let fd = try finiteDifferenceGradient(problems.map(\.problem))
            reference = .init(method: "finite-differences", loss: fd.loss, parameterGradient: fd.parameterGradient,
                              initialStateGradient: fd.initialStateGradients)
            for i in reports.indices { reports[i].relativeError = reports[i].relativeError(to: reference!) }
        }
        let report = EquationGradientReport(command: Provenance.command, data: data, model: specification.description,
                                            states: ModelChoiceOptions.stateLabels(specification), parameterNames: field.parameterNames,
                                            blocks: field.parameterBlocks, parameters: initial,
                                            trajectories: problems.map(\.id), methods: reports, check: reference)
        if json { try printJSON(report) } else { print(report.text) }
    }

    /// One problem per selected trajectory; every state observed (where the mask says so).
    private func equationProblems<F: NamedDifferentiableField>(_ field: F, parameters: [Double],
                                                               dataset: TrajectoryDataset) throws -> [(id: Int, problem: GradientProblem<F>)] {
        let d = dataset.stateDimension, n = dataset.sampleCount, b = dataset.trajectoryCount
        let rows: [Int]
        if let trajectory {
            guard trajectory < b else { throw GradientInputError("--trajectory \(trajectory) is out of range: \(data) has \(b) trajectories") }
            rows = [trajectory]
        } else {
            rows = Array(0..<b)
        }
        return try rows.map { row in
            let times = Array(dataset.times.values[(row * n)..<((row + 1) * n)])
            let values = Array(dataset.states.values[(row * n * d)..<((row + 1) * n * d)])
            let mask = (0..<(n * d)).map { i in dataset.isObserved(row, i / d, i % d) }
            let problem = GradientProblem(
                field: field, t0: dataset.initialTimes[row], initialState: Array(dataset.initialStates.values[(row * d)..<((row + 1) * d)]),
                parameters: parameters, observations: Observations(times: times, values: values, mask: mask),
                tableau: ButcherTableau.named(solver) ?? .dormandPrince5, controller: StepSizeController(rtol: rtol, atol: atol),
                observationMode: ObservationMode(rawValue: observationMode)!)
            try problem.validate()
            return (Int(dataset.trajectoryIDs[row]), problem)
        }
    }
}

/// What `orrery gradient --equations` prints: gradients by parameter name.
struct EquationGradientReport: Encodable {
    struct Method: Encodable {
        let method: String
        let loss: Double
        let parameterGradient: [Double]
        let initialStateGradient: [[Double]]
        var relativeError: Double?

        var flat: [Double] { parameterGradient + initialStateGradient.flatMap { $0 } }

        /// ‖self − reference‖₂ / ‖reference‖₂ over the parameter and initial-state gradients.
        func relativeError(to reference: Method) -> Double {
            let difference = zip(flat, reference.flat).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
            return difference / max(reference.flat.reduce(0) { $0 + $1 * $1 }.squareRoot(), .leastNormalMagnitude)
        }
    }

    let command: String
    let data: String
    let model: String
    let states: [String]
    let parameterNames: [String]
    /// Named blocks of the parameter vector: the text lists a network (`nn.U`) by its norm, not value by value.
    let blocks: [ParameterBlock]
    let parameters: [Double]
    let trajectories: [Int]
    let methods: [Method]
    let check: Method?

    var text: String {
        func format(_ x: Double) -> String { String(format: "%.6e", x) }
        func named(_ values: [Double]) -> String {
            blocks.map { block in
                let slice = values[block.range]
                if block.shape.isEmpty { return "\(block.name) \(format(slice.first!))" }
                return "‖\(block.name)‖ \(format(slice.reduce(0) { $0 + $1 * $1 }.squareRoot())) (\(slice.count) values)"
            }.joined(separator: ", ")
        }
        var lines = ["\(data): \(model), \(trajectories.count) trajector\(trajectories.count == 1 ? "y" : "ies")",
                     "parameters: \(named(parameters))"]
        for m in methods {
            var line = "\(m.method): loss \(format(m.loss)); dL/d: \(named(m.parameterGradient))"
            if let error = m.relativeError { line += "; relative error \(String(format: "%.2e", error))" }
            lines.append(line)
        }
        if let check { lines.append("check (finite differences of dop853 at 1e-12): dL/d: \(named(check.parameterGradient))") }
        return lines.joined(separator: "\n")
    }
}
