extension ACAThreeBody {
    /// One method (protocol, gradient, tolerance) over all starts: the distribution of its errors.
    public struct MethodSummary: Codable, Sendable {
        public var protocolName: String
        public var gradient: String
        public var tolerance: Double
        /// Max relative mass error over the starts.
        public var massError: SampleSummary
        public var extrapolationMSE: SampleSummary
        /// Starts whose mass error is below ``Settings/recoveredBelow``.
        public var recovered: Int
        public var starts: Int
        public var label: String { "\(protocolName) \(gradient) \(GradientAccuracy.label(tolerance))" }
    }

    /// Rows of one method, in seed order.
    public static func rows(_ r: Results, protocol p: String, gradient: String, tolerance: Double) -> [Row] {
        r.rows.filter { $0.protocolName == p && $0.gradient == gradient && $0.tolerance == tolerance }
    }

    /// One summary per method, in the order the methods ran.
    public static func summaries(_ r: Results) -> [MethodSummary] {
        var methods: [(String, String, Double)] = []
        for row in r.rows where !methods.contains(where: { $0 == (row.protocolName, row.gradient, row.tolerance) }) {
            methods.append((row.protocolName, row.gradient, row.tolerance))
        }
        return methods.map { p, g, tol in
            let rows = rows(r, protocol: p, gradient: g, tolerance: tol)
            return MethodSummary(protocolName: p, gradient: g, tolerance: tol, massError: SampleSummary(rows.map(\.massError)),
                                 extrapolationMSE: SampleSummary(rows.map(\.outcome.extrapolationMSE)),
                                 recovered: rows.filter { $0.massError < r.settings.recoveredBelow }.count, starts: rows.count)
        }
    }

    /// ACA against `other` (same protocol and tolerance), start by start: wins are starts where ACA's mass error is lower.
    public static func acaAgainst(_ other: String, _ r: Results, protocol p: String = "Adam (paper)", tolerance: Double) -> PairedComparison? {
        let aca = rows(r, protocol: p, gradient: "aca", tolerance: tolerance), o = rows(r, protocol: p, gradient: other, tolerance: tolerance)
        guard !aca.isEmpty, aca.map(\.seed) == o.map(\.seed) else { return nil }
        return PairedComparison(aca.map(\.massError), o.map(\.massError))
    }
}
