/// A concrete N-body problem: masses, `G`, and the state at `t = 0`.
public struct NBodyConfiguration: Sendable, Equatable {
    public var name: String
    public var masses: [Double]
    public var G: Double
    /// `[r_1 … r_n, v_1 … v_n]`.
    public var initialState: [Double]
    public var softening: Double
    /// The period, for periodic orbits.
    public var period: Double?

    public init(name: String, masses: [Double], G: Double, initialState: [Double], softening: Double = 0, period: Double? = nil) {
        self.name = name
        self.masses = masses
        self.G = G
        self.initialState = initialState
        self.softening = softening
        self.period = period
    }

    public var bodyCount: Int { masses.count }
    /// The vector field of this configuration.
    public var field: NBodyGravity { NBodyGravity(bodyCount: masses.count, softening: softening) }
    /// The field's parameter vector `[m_1 … m_n, G]`.
    public var parameters: [Double] { masses + [G] }
    /// Conserved quantities at `t = 0`.
    public var invariants: NBodyInvariants { NBodyInvariants(state: initialState, masses: masses, G: G, softening: softening) }

    /// Labels of the state components: x1, y1, z1, …, vx1, …
    public static func stateLabels(bodyCount n: Int) -> [String] {
        (1...n).flatMap { ["x\($0)", "y\($0)", "z\($0)"] } + (1...n).flatMap { ["vx\($0)", "vy\($0)", "vz\($0)"] }
    }
}
