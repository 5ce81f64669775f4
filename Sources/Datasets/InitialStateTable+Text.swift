extension InitialStateTable {
    /// One initial state from text: `x=1,y=2` (every label once, in any order) or `1,2` (in
    /// label order), as `orrery simulate --initial-state` takes it.
    /// - Throws: ``DatasetError`` (file `initial state`) naming the label that is missing,
    ///   unknown, repeated or not a finite number.
    public static func state(parsing text: String, labels: [String]) throws(DatasetError) -> [Double] {
        func fail(_ message: String) -> DatasetError { DatasetError(file: "initial state", message) }
        let tokens = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        func number(_ s: Substring, _ what: String) throws(DatasetError) -> Double {
            guard let x = Double(s), x.isFinite else { throw fail("\(what) = '\(s)' is not a finite number") }
            return x
        }
        guard tokens.contains(where: { $0.contains("=") }) else {
            guard tokens.count == labels.count else {
                throw fail("\(tokens.count) values for \(labels.count) states (\(labels.joined(separator: ", ")))")
            }
            var state: [Double] = []
            for (i, token) in tokens.enumerated() { state.append(try number(Substring(token), labels[i])) }
            return state
        }
        var values: [String: Double] = [:]
        for token in tokens {
            let parts = token.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { throw fail("'\(token)' is not label=value") }
            let name = String(parts[0])
            guard labels.contains(name) else { throw fail("unknown state '\(name)'; the states are \(labels.joined(separator: ", "))") }
            guard values[name] == nil else { throw fail("\(name) given twice") }
            values[name] = try number(parts[1], name)
        }
        let missing = labels.filter { values[$0] == nil }
        guard missing.isEmpty else { throw fail("missing \(missing.joined(separator: ", "))") }
        return labels.map { values[$0]! }
    }
}
