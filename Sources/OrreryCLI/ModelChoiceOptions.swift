import ArgumentParser
import Models
import Physics

/// Which model to run and at which parameter values: `--model NAME` or `--bodies FILE`, and
/// `--parameters name=v,…`, mapped onto the library's ``SimulationModel``; a new kind of model
/// (equations, a model file) is one more option here and one more `SimulationModel.Source`.
struct ModelChoiceOptions: ParsableArguments {
    @Option(help: "A built-in system: three-body, \(KnownSystem.modelNames.joined(separator: ", ")).")
    var model: String?
    @Option(help: ArgumentHelp("An N-body system from a JSON file: {\"G\": …, \"softening\": …, \"bodies\": [{\"name\": …, \"mass\": …, \"position\": [x, y, z], \"velocity\": [vx, vy, vz]}, …]}.",
                               valueName: "FILE.json"))
    var bodies: String?
    @Option(help: "Parameter values by name, e.g. masses=1,1,1,G=1 (n-body) or alpha=1.5,beta=1 (Lotka–Volterra); others keep their defaults.")
    var parameters: String?

    /// The chosen model with its parameters; `unitsG` is G from `--units` (nil: none given).
    /// - Throws: `ValidationError` naming the flag (unknown model, unknown parameter, G given twice …).
    func resolve(unitsG: Double?, equations: EquationModelOptions? = nil) throws -> SimulationModel {
        if let equations, equations.isGiven {
            guard model == nil, bodies == nil else { throw ValidationError("give --equations/--model-file or --model/--bodies, not both") }
            // Before the equations are read, as SimulationModel would after.
            guard unitsG == nil else { throw ValidationError("--units sets G for gravity; write G into the equations instead") }
            let specification = try equations.specification(values: EquationModelOptions.scalarValues(parameters))!
            return try reportingErrors { try SimulationModel(.specification(specification), unitsG: unitsG) }
        }
        guard [model, bodies].compactMap({ $0 }).count == 1 else {
            throw ValidationError("choose the model with exactly one of --model NAME, --bodies FILE.json, --equations '…' or --model-file FILE")
        }
        let values = try parameters.map { text in try flagged { try BuiltInModel.parseValues(text) } } ?? [:]
        let source = try bodies.map { path in SimulationModel.Source.bodies(try reportingErrors { try BodiesFile.read(from: path) }, path: path) }
        return try reportingErrors { try SimulationModel(source ?? .named(model!), values: values, unitsG: unitsG) }
    }
}
