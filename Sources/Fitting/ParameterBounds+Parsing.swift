import Models

extension ParameterBounds {
    /// Bounds by parameter or block name from text: `masses=0.5:2,G=0:inf` (`lo:hi` with lo < hi;
    /// either may be `inf`/`-inf`), the form of ``FitConfiguration/bounds`` that `orrery fit --bounds` takes.
    /// - Throws: ``FitError`` naming `FitConfiguration.bounds` for malformed or repeated entries.
    public static func parse(_ text: String) throws(FitError) -> [String: ParameterBounds] {
        var result: [String: ParameterBounds] = [:]
        for item in text.split(separator: ",") {
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            let range = parts.count == 2 ? parts[1].split(separator: ":", omittingEmptySubsequences: false).map(String.init) : []
            func number(_ text: String) -> Double? {
                switch text.lowercased() {
                case "inf", "+inf", "infinity": .infinity
                case "-inf", "-infinity": -.infinity
                default: Double(text)
                }
            }
            guard parts.count == 2, range.count == 2, let lo = number(range[0]), let hi = number(range[1]), !lo.isNaN, !hi.isNaN, lo < hi else {
                throw FitError("FitConfiguration.bounds must look like name=lo:hi with lo < hi, e.g. masses=0.5:2 (got \(item))")
            }
            guard result[parts[0]] == nil else { throw FitError("FitConfiguration.bounds: \(parts[0]) given twice") }
            result[parts[0]] = ParameterBounds(lower: lo, upper: hi)
        }
        return result
    }

    /// `explicit` merged with the bounds an equation model declares (`lower`/`upper`; a bound given
    /// on one side only is open on the other); `explicit` wins for a parameter named in both.
    /// Other models keep `explicit`.
    public static func merged(_ explicit: [String: ParameterBounds]?, declaredBy model: ModelSpecification) -> [String: ParameterBounds]? {
        guard case let .equations(specification) = model else { return explicit }
        var result = explicit ?? [:]
        for p in specification.parameters where !p.fixed && (p.lower != nil || p.upper != nil) && result[p.name] == nil {
            result[p.name] = ParameterBounds(lower: p.lower ?? -.infinity, upper: p.upper ?? .infinity)
        }
        return result.isEmpty ? explicit : result
    }
}
