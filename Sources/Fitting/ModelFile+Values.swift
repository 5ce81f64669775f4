import Models

extension ModelFile {
    /// The model file at `path` with starting values and fixed parameters given by the caller:
    /// `values` override the file's, `fixed` holds parameters fixed in addition to the file's.
    /// - Throws: ``ModelFileError`` for a name that is not a parameter of the file, or what ``read(_:)`` throws.
    public static func read(_ path: String, values: [String: Double], fixed: Set<String>) throws -> EquationSpecification {
        var specification = try read(path)
        let names = specification.parameters.map(\.name)
        for name in Set(values.keys).union(fixed).sorted() where !names.contains(name) {
            throw ModelFileError(path: path, "\(name) is not a parameter of this file (parameters: \(names.joined(separator: ", ")))")
        }
        for i in specification.parameters.indices {
            let name = specification.parameters[i].name
            if let value = values[name] { specification.parameters[i].value = value }
            if fixed.contains(name) { specification.parameters[i].fixed = true }
        }
        return specification
    }
}
