import Physics

extension SubsetParameterField where Base == NBodyGravity {
    /// N-body gravity with the chosen groups learnable and the rest fixed.
    ///
    /// The learnable vector is `[m_1 … m_n]` (masses), `[G]` (G) or `[m_1 … m_n, G]` (both),
    /// starting from `masses` and `G`; an empty `learn` gives a field with no parameters.
    public static func nBody(masses: [Double], G: Double, learn: Set<NBodyParameterGroup>, softening: Double = 0) -> Self {
        let field = NBodyGravity(bodyCount: masses.count, softening: softening)
        var indices: [Int] = []
        if learn.contains(.masses) { indices += Array(0..<masses.count) }
        if learn.contains(.G) { indices.append(field.gravitationalConstantIndex) }
        return SubsetParameterField(base: field, fullDefaults: field.parameters(masses: masses, G: G), learnableIndices: indices)
    }

    /// Masses learnable, `G` fixed.
    public static func nBodyLearningMasses(masses: [Double], G: Double, softening: Double = 0) -> Self {
        nBody(masses: masses, G: G, learn: [.masses], softening: softening)
    }

    /// `G` learnable, masses fixed.
    public static func nBodyLearningG(masses: [Double], G: Double, softening: Double = 0) -> Self {
        nBody(masses: masses, G: G, learn: [.G], softening: softening)
    }
}
