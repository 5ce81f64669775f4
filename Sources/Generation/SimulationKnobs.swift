import Datasets
import ODE

/// The sample-time, observation and solver settings that `orrery generate`, `simulate` and `predict` share,
/// as a person states them (names as typed), checked in one place.
///
/// ``validate(fixedStepsNeedDt:)`` names the first setting that cannot work (`SimulationKnobs.rtol`, …), always in
/// the same order, so one command line always gets the same first error.
public struct SimulationKnobs: Sendable {
    /// End of the time span (nil when the times come from elsewhere, e.g. a file).
    public var tEnd: Double?
    public var samples: Int
    /// A ``TimeSampling`` name: regular, irregular or poisson.
    public var sampling: String
    /// The Poisson process's rate (for `poisson`).
    public var rate: Double
    /// The observation model (``ObservationModel``): noise standard deviation and missing fraction.
    public var noise: Double
    public var missing: Double
    /// A tableau's name (``ButcherTableau/named(_:)``); nil for the command's default.
    public var solver: String?
    /// Tolerances of an adaptive solver and the step of a fixed-step one (nil: the command's defaults).
    public var rtol: Double?
    public var atol: Double?
    public var dt: Double?
    public var threads: Int

    public init(tEnd: Double?, samples: Int, sampling: String, rate: Double, noise: Double, missing: Double,
                solver: String?, rtol: Double?, atol: Double?, dt: Double?, threads: Int) {
        (self.tEnd, self.samples, self.sampling, self.rate, self.noise, self.missing) = (tEnd, samples, sampling, rate, noise, missing)
        (self.solver, self.rtol, self.atol, self.dt, self.threads) = (solver, rtol, atol, dt, threads)
    }

    /// A setting that cannot work, named as the library names it.
    public struct Refusal: Error, Equatable, CustomStringConvertible {
        public let description: String
        init(_ description: String) { self.description = description }
    }

    /// Throws a ``Refusal`` (or the ``ObservationModel``'s error) naming the first setting that cannot work:
    /// ``tEnd`` (positive, finite), ``samples`` (positive), ``sampling``, ``rate`` (positive, finite), ``noise`` and
    /// ``missing``, ``solver`` (known), ``rtol`` (finite, > 0), ``atol`` (finite, ≥ 0), ``dt`` (finite, > 0; required
    /// for a fixed-step ``solver`` when `fixedStepsNeedDt`), ``threads`` (positive).
    public func validate(fixedStepsNeedDt: Bool = false) throws {
        if let tEnd { guard tEnd > 0, tEnd.isFinite else { throw Refusal("SimulationKnobs.tEnd must be a positive number (got \(tEnd))") } }
        guard samples > 0 else { throw Refusal("SimulationKnobs.samples must be positive (got \(samples))") }
        guard TimeSampling.names.contains(sampling) else {
            throw Refusal("SimulationKnobs.sampling must be regular, irregular or poisson (got \(sampling))")
        }
        guard rate > 0, rate.isFinite else { throw Refusal("SimulationKnobs.rate must be positive (got \(rate))") }
        try ObservationModel(noise: noise, missingFraction: missing).validate()
        let method = try solver.map { name in
            guard let method = ButcherTableau.named(name) else {
                throw Refusal("unknown SimulationKnobs.solver \(name); choose one of \(ButcherTableau.allNames)")
            }
            return method
        }
        if let rtol { guard rtol > 0, rtol.isFinite else { throw Refusal("SimulationKnobs.rtol must be > 0 (got \(rtol))") } }
        if let atol { guard atol >= 0, atol.isFinite else { throw Refusal("SimulationKnobs.atol must be ≥ 0 (got \(atol))") } }
        if let dt { guard dt > 0, dt.isFinite else { throw Refusal("SimulationKnobs.dt must be > 0 (got \(dt))") } }
        if fixedStepsNeedDt, let method, !method.isAdaptive, dt == nil {
            throw Refusal("SimulationKnobs.solver \(method.name) takes fixed steps: give SimulationKnobs.dt > 0")
        }
        guard threads > 0 else { throw Refusal("SimulationKnobs.threads must be positive (got \(threads))") }
    }
}
