import Foundation
import Models

/// Your own model: equations as text (``EquationSpecification/inferred(source:values:fixed:)``) or a TOML model
/// file (``ModelFile``), with starting values for its parameters (which override a file's), names held fixed,
/// and the settings of every `nn(…)` network the source does not declare.
public enum EquationModelSource: Sendable, Equatable {
    /// `d(x)/dt = a*x - b*x*y; d(y)/dt = d*x*y - c*y`.
    case equations(String)
    /// The path of a TOML model file.
    case file(String)

    /// `a=1,b=0.5` → `["a": [1], "b": [0.5]]`: one finite value per name, each name once.
    /// - Throws: ``ModelChoiceError`` naming `EquationModelSource`'s values.
    public static func values(parsing text: String) throws(ModelChoiceError) -> [String: [Double]] {
        var result: [String: [Double]] = [:]
        for token in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            let parts = token.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let value = Double(parts[1]), value.isFinite else {
                throw ModelChoiceError("EquationModelSource's values must look like a=1,b=0.5 for an equation model (got \(token))")
            }
            guard result[parts[0]] == nil else { throw ModelChoiceError("EquationModelSource's values: \(parts[0]) given twice") }
            result[parts[0]] = [value]
        }
        return result
    }

    /// The validated model, and the parameters that appear in no equation's value (most likely misspelt).
    /// `values`: one value per parameter name; `networks`: the settings of `nn(…)` networks a model file leaves out.
    /// - Throws: ``ModelChoiceError`` for a name with several values; ``ModelSpecificationError`` for unknown or
    ///   missing parameters and other faults of the equations; the model file's read errors.
    /// `dataColumns`: the labels of the data the model will be fitted to (a parameter without a value named like
    /// one is reported as a state missing its equation).
    public func specification(values: [String: [Double]], fixed: Set<String> = [], networks: NetworkSettings = .standard,
                              dataColumns: [String] = []) throws -> (model: ModelSpecification, unused: [String]) {
        var scalars: [String: Double] = [:]
        for (name, list) in values {
            guard list.count == 1 else {
                throw ModelChoiceError("EquationModelSource's values: \(name) takes one value for an equation model (got \(list.count))")
            }
            scalars[name] = list[0]
        }
        var specification: EquationSpecification
        switch self {
        case .equations(let source):
            specification = try EquationSpecification.inferred(source: source, values: scalars, fixed: fixed, dataColumns: dataColumns)
        case .file(let path): specification = try ModelFile.read(path, values: scalars, fixed: fixed)
        }
        specification = try specification.withNetworkDefaults(networks)
        let model = ModelSpecification.equations(specification)
        try model.validate()
        return (model, (try? specification.makeModel().unusedParameters) ?? [])
    }
}
