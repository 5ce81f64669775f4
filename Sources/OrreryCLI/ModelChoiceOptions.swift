import ArgumentParser
import Datasets
import Foundation
import Models
import Physics

/// Which model to run and at which parameter values: `--model NAME` or `--bodies FILE`, and
/// `--parameters name=v,…`. Everything goes through ``ModelSpecification`` and its
/// `build(seed:)`, so a new kind of model (equations, a model file) is one more option here
/// and one more `case` in ``resolve(units:)``.
struct ModelChoiceOptions: ParsableArguments {
    @Option(help: "A built-in system: three-body, \(KnownSystem.modelNames.joined(separator: ", ")).")
    var model: String?
    @Option(help: ArgumentHelp("An N-body system from a JSON file: {\"G\": …, \"softening\": …, \"bodies\": [{\"name\": …, \"mass\": …, \"position\": [x, y, z], \"velocity\": [vx, vy, vz]}, …]}.",
                               valueName: "FILE.json"))
    var bodies: String?
    @Option(help: "Parameter values by name, e.g. masses=1,1,1,G=1 (n-body) or alpha=1.5,beta=1 (Lotka–Volterra); others keep their defaults.")
    var parameters: String?

    /// A model ready to run: its specification, field, parameter values and labels.
    struct Resolved {
        let specification: ModelSpecification
        let field: any NamedDifferentiableField
        let parameters: [Double]
        let stateLabels: [String]
        /// The initial state the model brings (a bodies file), if any.
        let initialState: [Double]?
        /// Parameter values by block name, for `/parameters/<name>`.
        var namedParameters: [String: [Double]] {
            Dictionary(uniqueKeysWithValues: field.parameterBlocks.map { ($0.name, Array(parameters[$0.range])) })
        }
        /// Whether the model is N-body gravity (G and units are recorded).
        var isGravity: Bool { field.parameterBlocks.contains { $0.name == "G" } }
    }

    /// The chosen model with its parameters; `unitsG` is G from `--units` (nil: none given).
    /// - Throws: `ValidationError` naming the flag (unknown model, unknown parameter, G given twice …).
    func resolve(unitsG: Double?, equations: EquationModelOptions? = nil) throws -> Resolved {
        if let equations, equations.isGiven {
            guard model == nil, bodies == nil else { throw ValidationError("give --equations/--model-file or --model/--bodies, not both") }
            guard unitsG == nil else { throw ValidationError("--units sets G for gravity; write G into the equations instead") }
            let specification = try equations.specification(values: EquationModelOptions.scalarValues(parameters))!
            let (field, values) = try reportingErrors { try specification.build(seed: 0) }
            return Resolved(specification: specification, field: field, parameters: values,
                            stateLabels: specification.stateLabels, initialState: nil)
        }
        let choices = [model, bodies].compactMap { $0 }
        guard choices.count == 1 else {
            throw ValidationError("choose the model with exactly one of --model NAME, --bodies FILE.json, --equations '…' or --model-file FILE")
        }
        let values = try parameters.map { text in try flagged { try BuiltInModel.parseValues(text) } } ?? [:]
        var file: BodiesFile?
        let specification: ModelSpecification
        if let bodies {
            let read = try reportingErrors { try BodiesFile.read(from: bodies) }
            if let fileG = read.G, let unitsG, fileG != unitsG {
                throw ValidationError("\(bodies) sets G = \(fileG) but --units gives G = \(unitsG); remove one")
            }
            file = read
            specification = .nBody(bodies: read.bodies.count, learn: [.masses, .G], softening: read.softening,
                                   masses: read.bodies.map(\.mass), G: read.G ?? unitsG ?? 1)
        } else if model == "three-body" {
            specification = .nBody(bodies: 3, learn: [.masses, .G], G: unitsG ?? 1)
        } else if let system = KnownSystem(rawValue: model!), system != .linear {
            guard unitsG == nil else { throw ValidationError("--units sets G for gravity; \(system) has no G") }
            specification = .timeSeries(system: system, learn: true)
        } else {
            throw ValidationError("unknown --model \(model!); choose three-body, \(KnownSystem.modelNames.joined(separator: ", ")), or give --bodies FILE.json")
        }
        if values["G"] != nil, unitsG != nil { throw ValidationError("G is given by both --parameters and --units; give one") }
        let (field, defaults) = try reportingErrors { try specification.build(seed: 0) }
        let p = try reportingErrors { try field.assigning(values, to: defaults) }
        return Resolved(specification: specification, field: field, parameters: p,
                        stateLabels: file?.stateLabels ?? specification.stateLabels,
                        initialState: file.map { $0.configuration(G: 1).initialState })
    }
}
