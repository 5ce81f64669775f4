import Foundation

extension BuiltInModel {
    /// Values by name from text: `masses=1,1,1,G=1` → `["masses": [1, 1, 1], "G": [1]]` (a name
    /// takes every number up to the next `name=`): the form of ``values`` that `--parameters` takes.
    /// - Throws: ``ModelSpecificationError`` naming `BuiltInModel.values` for a missing name, a
    ///   repeated name or a number that is not finite.
    public static func parseValues(_ text: String) throws(ModelSpecificationError) -> [String: [Double]] {
        var result: [String: [Double]] = [:], current: String?
        for token in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            var valueText = token
            if let equals = token.firstIndex(of: "=") {
                let name = String(token[..<equals])
                guard result[name] == nil else { throw ModelSpecificationError("BuiltInModel.values: \(name) given twice") }
                current = name
                result[name] = []
                valueText = String(token[token.index(after: equals)...])
            }
            guard let name = current else { throw ModelSpecificationError("BuiltInModel.values must look like name=v1,v2,name2=v (got \(text))") }
            guard let value = Double(valueText), value.isFinite else {
                throw ModelSpecificationError("BuiltInModel.values: '\(valueText)' is not a finite number")
            }
            result[name]!.append(value)
        }
        return result
    }
}
