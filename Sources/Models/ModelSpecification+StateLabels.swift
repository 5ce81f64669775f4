import Physics

extension ModelSpecification {
    /// Names of the state components: the N-body layout (`x1 … vz3`), a time-series system's own,
    /// an equation model's states, else `x1 … xd`.
    public var stateLabels: [String] {
        switch self {
        case .nBody(let bodies, _, _, _, _): return NBodyConfiguration.stateLabels(bodyCount: bodies)
        case .timeSeries(let system, _, _, _):
            if let labels = system.entry?.stateLabels { return labels }
        case .hybrid(let known, _): return known.stateLabels
        case .equations(let equations):
            if let names = try? equations.makeModel().stateNames { return names }
        default: break
        }
        return (1...max(stateDimension, 1)).map { "x\($0)" }
    }
}
