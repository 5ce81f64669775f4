/// Where a model parameter may live: anywhere on the real line, or strictly above zero.
///
/// Fits optimize positive parameters in log space by default, so no step can make a mass,
/// `G` or a rate of a built-in system zero or negative.
public enum ParameterDomain: String, Codable, Sendable, Equatable {
    case real
    case positive
}

extension ModelSpecification {
    /// The domain of each learnable parameter, in flat order (the same order as ``parameterNames()``).
    ///
    /// N-body masses and `G` are positive; a built-in system's parameters are positive when its
    /// ``SystemCatalog`` entry says so (Lotka–Volterra's rates, van der Pol's `μ`, Lorenz's
    /// `σ, ρ, β`, the damped pendulum's damping and `g/L`). Linear systems (the spiral included)
    /// and MLP weights are real.
    public func parameterDomains() throws -> [ParameterDomain] {
        switch self {
        case let .nBody(bodies, learn, _, _, _):
            return Set(learn).sorted().flatMap { group -> [ParameterDomain] in
                switch group {
                case .masses: [ParameterDomain](repeating: .positive, count: bodies)
                case .G: [.positive]
                }
            }
        case let .timeSeries(system, _, _, learn):
            guard learn else { return [] }
            let count = try parameterNames().count
            let positive = system.entry?.positiveParameters ?? false
            return [ParameterDomain](repeating: positive ? .positive : .real, count: count)
        case .mlp:
            return [ParameterDomain](repeating: .real, count: try parameterNames().count)
        case let .hybrid(known, mlp):
            return try known.parameterDomains() + mlp.parameterDomains()
        case let .custom(_, _, parameterNames):
            return [ParameterDomain](repeating: .real, count: parameterNames.count)
        case let .equations(specification):
            let equations = specification.parameters.filter { !$0.fixed }.map { $0.positive == true ? ParameterDomain.positive : .real }
            let weights = try specification.makeField().parameterCount - equations.count
            return equations + [ParameterDomain](repeating: .real, count: weights)
        }
    }
}
