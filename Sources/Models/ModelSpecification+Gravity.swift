extension ModelSpecification {
    /// This model with the gravitational constant `G`: an N-body model's, or the known part's of a hybrid
    /// (e.g. G of a unit system, `GravityUnits.G`).
    /// - Throws: ``ModelChoiceError`` for a model without a gravitational constant.
    public func withGravitationalConstant(_ G: Double) throws(ModelChoiceError) -> ModelSpecification {
        switch self {
        case let .nBody(bodies, learn, softening, masses, _):
            return .nBody(bodies: bodies, learn: learn, softening: softening, masses: masses, G: G)
        case let .hybrid(known, mlp):
            return .hybrid(known: try known.withGravitationalConstant(G), mlp: mlp)
        default:
            throw ModelChoiceError("ModelSpecification.withGravitationalConstant(_:) sets G; the model \(kind) has no gravitational constant")
        }
    }
}
