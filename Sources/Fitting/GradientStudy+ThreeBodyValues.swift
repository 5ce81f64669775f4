import Physics

extension GradientStudy where Field == NBodyGravity {
    /// The overrides of ``threeBody(dataset:file:trajectory:masses:G:observePositions:tableau:controller:observationMode:)``
    /// from values by name (`masses=[m1, m2, m3]`, `G=[g]`): three positive masses and one positive G, each optional.
    /// - Throws: ``FitError`` naming `GradientStudy.threeBody`'s values for another name, a wrong count or a value ≤ 0.
    public static func threeBodyOverrides(_ values: [String: [Double]]) throws(FitError) -> (masses: [Double]?, G: Double?) {
        for name in values.keys.sorted() where !["masses", "G"].contains(name) {
            throw FitError("GradientStudy.threeBody's values: unknown name '\(name)'; three-body takes masses=m1,m2,m3 and G=g")
        }
        let masses = values["masses"], g = values["G"]
        if let masses, masses.count != 3 { throw FitError("GradientStudy.threeBody's values: masses needs 3 values (got \(masses.count))") }
        if let g, g.count != 1 { throw FitError("GradientStudy.threeBody's values: G takes one value (got \(g.count))") }
        if let masses, !masses.allSatisfy({ $0 > 0 }) { throw FitError("GradientStudy.threeBody's values: masses must be positive (got \(masses))") }
        if let g, !(g[0] > 0) { throw FitError("GradientStudy.threeBody's values: G must be positive (got \(g[0]))") }
        return (masses, g?[0])
    }
}
