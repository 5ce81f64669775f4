import Physics
import Datasets
import HDF5Kit
import ODE

/// Everything that determines a synthetic dataset, trajectory by trajectory.
///
/// Trajectory `k` depends only on the recipe and `k`: its system is drawn from
/// the stream `SeededRandom(seed:stream: k)` and its sample times, noise and
/// mask from `SeededRandom(seed: seed ^ observationSalt, stream: k)`. So the
/// same trajectory comes out whether it is generated alone, in a shard, or on
/// any number of threads.
public struct DatasetRecipe: Sendable {
    public enum Source: Sendable, Equatable {
        case threeBody(ThreeBodyPreset)
        case timeSeries(TimeSeriesSystem)
        /// Your own N-body configurations: trajectory `k` uses `configurations[k % count]`.
        case configurations([NBodyConfiguration])
    }

    public var source: Source
    public var count: Int
    public var tEnd: Double
    public var samples: Int
    public var sampling: TimeSampling
    public var observation: ObservationModel
    public var seed: UInt64
    public var method: ButcherTableau
    public var rtol: Double
    public var atol: Double
    /// Parameters of a time-series system (nil: the system's defaults).
    public var parameters: [Double]?
    /// Step size for a fixed-step method (ignored by adaptive ones).
    public var dt: Double?
    /// The gravitational constant of N-body sources, overriding the preset's (nil: the preset's own,
    /// 1 except `aca-paper`); set from `--units`. Positions, velocities and masses are read in those units.
    public var G: Double?
    /// The unit system's name for the file (e.g. `au,yr,msun`; nil: dimensionless).
    public var units: String?
    /// The time N-body trajectories are integrated in with an adaptive method (other systems and
    /// fixed steps always run in physical time).
    public var timeTransformation: TimeTransformation

    /// Ground truth by default: DOP853 at rtol = atol = 1e-13, N-body systems in Sundman time at
    /// 7e-14 (``defaultTolerance(source:method:timeTransformation:)``).
    public init(source: Source, count: Int, tEnd: Double, samples: Int, sampling: TimeSampling = .regular,
                observation: ObservationModel = ObservationModel(), seed: UInt64 = 0,
                method: ButcherTableau = .dormandPrince8, rtol: Double? = nil, atol: Double? = nil,
                parameters: [Double]? = nil, dt: Double? = nil, timeTransformation: TimeTransformation? = nil) {
        self.dt = dt
        let transformation = timeTransformation ?? (source.isNBody ? .sundman : .none)
        let tolerance = Self.defaultTolerance(source: source, method: method, timeTransformation: transformation)
        self.timeTransformation = transformation
        self.source = source
        self.count = count
        self.tEnd = tEnd
        self.samples = samples
        self.sampling = sampling
        self.observation = observation
        self.seed = seed
        self.method = method
        self.rtol = rtol ?? tolerance
        self.atol = atol ?? tolerance
        self.parameters = parameters
    }

    /// The default `rtol` and `atol`: 1e-13, or 7e-14 for N-body systems in Sundman time with an
    /// adaptive method — the tolerance at which DOP853 in Sundman time is at least as accurate as in
    /// physical time at 1e-13 on every measure taken (1000 random three-body systems against REBOUND
    /// IAS15 and a DOP853 1e-15 reference: median and 90th-percentile error, energy drift) with
    /// ≈ 1.46× fewer evaluations (Benchmarks/results/generation.md).
    public static func defaultTolerance(source: Source, method: ButcherTableau, timeTransformation: TimeTransformation) -> Double {
        timeTransformation == .sundman && source.isNBody && method.isAdaptive ? 7e-14 : 1e-13
    }

    static let observationSalt: UInt64 = 0x6F62_7365_7276_6521

    /// The system name written to the file.
    public var systemName: String {
        switch source {
        case .threeBody: "three-body"
        case .timeSeries(let system): system.rawValue
        case .configurations(let list): list.first?.bodyCount == 3 ? "three-body" : "n-body"
        }
    }

    /// Labels of the state components in the file.
    public var stateLabels: [String] {
        switch source {
        case .threeBody: NBodyConfiguration.stateLabels(bodyCount: 3)
        case .timeSeries(let system): system.stateLabels
        case .configurations(let list): NBodyConfiguration.stateLabels(bodyCount: list.first?.bodyCount ?? 1)
        }
    }

    /// Simulates trajectory `id`.
    public func trajectory(_ id: Int) -> Result<GeneratedTrajectory, GenerationFailure> {
        let prepared = prepare(id)
        do throws(ODEError) {
            return complete(prepared, solution: try Self.simulate(
                prepared.field, y0: prepared.initialState, parameters: prepared.parameters, tEnd: prepared.end,
                times: prepared.times, method: method, rtol: rtol, atol: atol, dt: dt,
                timeTransformation: timeTransformation))
        } catch {
            return .failure(GenerationFailure(id: id, reason: error.description))
        }
    }

    /// Trajectory `id` before its solve: the system, its initial state and parameters, the sample
    /// times and the observation stream (already advanced past the sample times).
    struct PreparedTrajectory {
        let id: Int
        let times: [Double]
        /// The solve runs from 0 to `end` (`tEnd`, or the last sample time if later).
        let end: Double
        let field: any VectorField
        let initialState: [Double]
        let parameters: [Double]
        let named: [String: [Double]]
        /// Components kept in the file (nil: all).
        let keep: Int?
        var observationRandom: SeededRandom
    }

    func prepare(_ id: Int) -> PreparedTrajectory {
        var observationRandom = SeededRandom(seed: seed ^ Self.observationSalt, stream: UInt64(id))
        let times = sampling.times(count: samples, tEnd: tEnd, random: &observationRandom)
        let end = max(tEnd, times.last ?? tEnd)
        let field: any VectorField, y0: [Double], parameters: [Double], named: [String: [Double]]
        var keep: Int? = nil
        switch source {
        case .threeBody(let preset):
            var configuration = preset.configuration(seed: seed, index: id)
            if let G { configuration.G = G }
            (field, y0, parameters) = (configuration.field, configuration.initialState, configuration.parameters)
            named = ["masses": configuration.masses, "G": [configuration.G]]
        case .configurations(let list):
            var configuration = list[id % list.count]
            if let G { configuration.G = G }
            (field, y0, parameters) = (configuration.field, configuration.initialState, configuration.parameters)
            named = ["masses": configuration.masses, "G": [configuration.G]]
        case .timeSeries(let system):
            var random = SeededRandom(seed: seed, stream: UInt64(id))
            let p = self.parameters ?? system.defaultParameters
            switch system {
            case .threeBody:
                let configuration = ThreeBodyPreset.randomConfiguration(seed: seed, index: id)
                (field, y0, parameters) = (configuration.field, configuration.initialState, configuration.parameters)
                named = ["masses": configuration.masses, "G": [configuration.G],
                         "initial_velocities": Array(configuration.initialState.suffix(9))]
                keep = 9
            default:
                (field, y0, parameters) = (system.field, system.initialState(random: &random), p)
                named = Dictionary(uniqueKeysWithValues: zip(system.parameterNames, p.map { [$0] }))
            }
        }
        return PreparedTrajectory(id: id, times: times, end: end, field: field, initialState: y0, parameters: parameters,
                                  named: named, keep: keep, observationRandom: observationRandom)
    }

    /// The trajectory from its solve: the kept components at the sample times, then observed.
    func complete(_ prepared: PreparedTrajectory, solution: Solution) -> Result<GeneratedTrajectory, GenerationFailure> {
        var observationRandom = prepared.observationRandom
        let times = prepared.times, y0 = prepared.initialState
        let width = prepared.keep ?? y0.count
        // The solve's state may carry more than the system's (the clock of a time transformation).
        let dimension = solution.dimension
        var clean = [Double]()
        clean.reserveCapacity(times.count * width)
        for k in times.indices { clean += solution.savedStates[(k * dimension)..<(k * dimension + width)] }
        let observed = observation.observe(clean, random: &observationRandom)
        return .success(GeneratedTrajectory(
            id: prepared.id, times: times, trueStates: clean, observedStates: observed.values, mask: observed.mask,
            initialState: Array(y0.prefix(width)), parameters: prepared.named,
            functionEvaluations: solution.stats.functionEvaluations, acceptedSteps: solution.stats.acceptedSteps))
    }

    /// Dispatches once on the concrete field so the solver runs specialised on it.
    ///
    /// Opening `any VectorField` implicitly is not enough: the call then goes to the
    /// unspecialised generic `solve`, whose every stage evaluates `f` through a witness
    /// table and every buffer access through type metadata. Casting to the concrete
    /// type lets the compiler emit `solve<NBodyGravity>` with the field inlined.
    static func simulate(_ field: any VectorField, y0: [Double], parameters: [Double], tEnd: Double, times: [Double],
                         method: ButcherTableau, rtol: Double, atol: Double, dt: Double?,
                         timeTransformation: TimeTransformation = .none) throws(ODEError) -> Solution {
        if let gravity = field as? NBodyGravity {
            if let sundman = timeTransformation.field(for: gravity, method: method) {
                return try solve(sundman, from: 0, to: TimeTransformation.fictitiousTimeBound,
                                 initialState: y0 + [0], parameters: parameters, method: method,
                                 stepSize: .adaptive(StepSizeController(rtol: rtol, atol: atol)),
                                 options: SolveOptions(saveAt: times, recordSteps: false, clock: sundman.clockIndex))
            }
            return try simulateConcrete(gravity, y0: y0, parameters: parameters, tEnd: tEnd, times: times, method: method,
                                        rtol: rtol, atol: atol, dt: dt)
        }
        return try simulateConcrete(field, y0: y0, parameters: parameters, tEnd: tEnd, times: times, method: method,
                                    rtol: rtol, atol: atol, dt: dt)
    }

    static func simulateConcrete<F: VectorField>(_ field: F, y0: [Double], parameters: [Double], tEnd: Double, times: [Double],
                                                 method: ButcherTableau, rtol: Double, atol: Double, dt: Double?) throws(ODEError) -> Solution {
        let mode: StepSizeMode = method.isAdaptive
            ? .adaptive(StepSizeController(rtol: rtol, atol: atol))
            : .fixed(dt: dt ?? tEnd / 1000)
        return try solve(field, from: 0, to: tEnd, initialState: y0, parameters: parameters, method: method,
                         stepSize: mode, options: SolveOptions(saveAt: times, recordSteps: false))
    }
}
