/// The result of `integrateSymplectic`: states every `saveEvery` steps.
public struct SymplecticTrajectory: Sendable {
    public let scheme: SymplecticScheme
    public let degreesOfFreedom: Int
    /// Times of the saved states, starting with `t0`.
    public var times: [Double] = []
    /// Row-major `times.count × degreesOfFreedom`.
    public var positions: [Double] = []
    public var momenta: [Double] = []
    public var stats = SolverStatistics()

    public init(scheme: SymplecticScheme, degreesOfFreedom: Int) {
        self.scheme = scheme
        self.degreesOfFreedom = degreesOfFreedom
    }

    public func position(_ i: Int) -> ArraySlice<Double> {
        positions[(i * degreesOfFreedom)..<((i + 1) * degreesOfFreedom)]
    }

    public func momentum(_ i: Int) -> ArraySlice<Double> {
        momenta[(i * degreesOfFreedom)..<((i + 1) * degreesOfFreedom)]
    }
}
