import Foundation
import ArgumentParser
import Fitting
import Models

/// Your own model: `--equations '…'` inline, or `--model-file FILE` (TOML, see ``ModelFile``).
/// Either replaces `--model`. Parameter values come from `--parameters name=value,…` (which
/// also overrides a model file's values); `--fix` holds some of them fixed.
struct EquationModelOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Your own model as equations: 'd(x)/dt = a*x - b*x*y; d(y)/dt = d*x*y - c*y' (replaces --model).",
        discussion: "Statements separated by ';' or newlines, '#' comments; d(x)/dt = expr (or dx/dt = expr, x' = expr) per state (their order is the state order), intermediates name = expr; numbers, names, t, + - * / ^, sqrt exp log sin cos tan tanh sinh cosh atan abs min max pow. The other names are parameters: give each a starting value with --parameters a=1,b=0.5,…. A learned term nn(U; x, y)[k] is output k (from 0) of a neural network U fed x and y (a universal differential equation), learned with the parameters; its size comes from --hidden and --activation (fit) or [networks.U] in a model file. States are matched to the data's columns by name."))
    var equations: String?
    @Option(help: "A TOML model file: states, equations, [parameters] with values, bounds, positive, fixed, units (replaces --model).")
    var modelFile: String?
    @Option(help: "Equations: parameters held fixed at their values (comma-separated names).")
    var fix: String?

    /// `a=1,b=0.5` → ["a": [1], "b": [0.5]] (for commands whose own `--parameters` parser is model-specific).
    static func scalarValues(_ text: String?) throws -> [String: [Double]] {
        try text.map { text in try flagged { try EquationModelSource.values(parsing: text) } } ?? [:]
    }

    /// Whether an equation model was asked for.
    var isGiven: Bool { equations != nil || modelFile != nil }

    func validate() throws {
        guard equations == nil || modelFile == nil else { throw ValidationError("give --equations or --model-file, not both") }
        if fix != nil, !isGiven { throw ValidationError("--fix applies to --equations or --model-file") }
    }

    /// The equation model, or nil when neither `--equations` nor `--model-file` is given.
    /// `values`: `--parameters` parsed (one value per name). `networks`: the settings of every
    /// `nn(…)` network that a model file does not declare (`--hidden`/`--activation` for `fit`).
    func specification(values: [String: [Double]], networks: NetworkSettings = .standard, dataColumns: [String] = []) throws -> ModelSpecification? {
        guard isGiven else { return nil }
        let fixed = Set((fix ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
        let source: EquationModelSource = equations.map { .equations($0) } ?? .file(modelFile!)
        let (model, unused) = try source.specification(values: values, fixed: fixed, networks: networks, dataColumns: dataColumns)
        if !unused.isEmpty {
            FileHandle.standardError.write(Data("orrery: warning: \(unused.joined(separator: ", ")) appear\(unused.count == 1 ? "s" : "") in no equation's value (unused parameter\(unused.count == 1 ? "" : "s")): check the spelling\n".utf8))
        }
        return model
    }
}

extension ModelOptions {
    /// `--hidden`/`--activation` as the settings of the networks in `nn(…)` terms.
    func networkSettings() throws -> NetworkSettings {
        try flagged { try NetworkSettings(parsingWidths: hidden, activation: activation) }
    }
}
