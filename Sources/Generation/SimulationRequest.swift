import Physics
import Datasets
import HDF5Kit
import ODE
import Parallel

/// Integrates one model from given initial states to a schema-v1 dataset: what
/// `orrery simulate` and `orrery predict` write.
///
/// Trajectory `k` starts at `initialTimes[k]` from `initialStates[k]` with the same
/// parameters; it is sampled at the explicit `times` (shared) or at times drawn as in
/// ``DatasetRecipe`` (`SeededRandom(seed: seed ^ salt, stream: k)`, offset by its start
/// time), then observed through `observation` (noise, missing values) from the same stream.
/// The result never depends on the thread count.
public struct SimulationRequest: Sendable {
    /// Where the samples are.
    public enum Times: Sendable, Equatable {
        /// The same absolute times for every trajectory (each ≥ its start time, strictly increasing).
        case explicit([Double])
        /// `count` times per trajectory by `sampling` on `(t0, t0 + tEnd]` (regular: `[t0, t0 + tEnd]`).
        case sampled(TimeSampling, count: Int, tEnd: Double)
    }

    public var system: String
    public var stateLabels: [String]
    public var initialStates: [[Double]]
    /// Start time of each trajectory (count = `initialStates.count`).
    public var initialTimes: [Double]
    public var times: Times
    public var observation: ObservationModel
    public var seed: UInt64
    public var method: ButcherTableau
    public var rtol: Double
    public var atol: Double
    /// Step size of a fixed-step method (default `span / 1000`).
    public var dt: Double?
    /// Parameters written to `/parameters/<name>`, the same for every trajectory (stacked to `(B, width)`, or `(B)` for width 1).
    public var namedParameters: [String: [Double]]
    /// Root attributes (the settings below are added by ``run(_:parameters:threads:)``).
    public var attributes: [String: HDF5AttributeValue]

    public init(system: String, stateLabels: [String], initialStates: [[Double]], initialTimes: [Double]? = nil, times: Times,
                observation: ObservationModel = ObservationModel(), seed: UInt64 = 0, method: ButcherTableau = .dormandPrince8,
                rtol: Double = 1e-13, atol: Double = 1e-13, dt: Double? = nil, namedParameters: [String: [Double]] = [:],
                attributes: [String: HDF5AttributeValue] = [:]) {
        self.system = system
        self.stateLabels = stateLabels
        self.initialStates = initialStates
        self.initialTimes = initialTimes ?? [Double](repeating: 0, count: initialStates.count)
        self.times = times
        self.observation = observation
        self.seed = seed
        self.method = method
        self.rtol = rtol
        self.atol = atol
        self.dt = dt
        self.namedParameters = namedParameters
        self.attributes = attributes
    }

    /// The settings as root attributes (integrator, tolerances, sampling, noise, seed).
    public var settingAttributes: [String: HDF5AttributeValue] {
        var out: [String: HDF5AttributeValue] = [
            "integrator": .string(method.name), "rtol": .double(rtol), "atol": .double(atol),
            "noise_std": .double(observation.noise), "missing_fraction": .double(observation.missingFraction),
            "seed": .integer(Int64(bitPattern: seed)), "count": .integer(Int64(initialStates.count)),
        ]
        switch times {
        case .explicit(let list): out["sampling"] = .string("explicit"); out["samples"] = .integer(Int64(list.count))
        case .sampled(let sampling, let count, let tEnd):
            out["samples"] = .integer(Int64(count))
            out["t_end"] = .double(tEnd)
            switch sampling {
            case .regular: out["sampling"] = .string("regular")
            case .uniform: out["sampling"] = .string("irregular")
            case .poisson(let rate): out["sampling"] = .string("poisson"); out["poisson_rate"] = .double(rate)
            }
        }
        if let dt, !method.isAdaptive { out["dt"] = .double(dt) }
        return out
    }

    /// Integrates every trajectory with `field` at `parameters` and stacks them.
    /// - Throws: ``SimulationError`` for a malformed request or the first trajectory whose solve fails.
    public func run<F: VectorField & Sendable>(_ field: F, parameters: [Double], threads: Int) throws -> TrajectoryDataset {
        let b = initialStates.count, d = field.dimension
        guard b > 0 else { throw SimulationError("no initial states") }
        guard initialTimes.count == b else { throw SimulationError("\(initialTimes.count) start times for \(b) initial states") }
        guard stateLabels.count == d else { throw SimulationError("\(stateLabels.count) state labels for a \(d)-dimensional model") }
        guard parameters.count == field.parameterCount else {
            throw SimulationError("\(parameters.count) parameters for a model with \(field.parameterCount)")
        }
        for (k, state) in initialStates.enumerated() {
            guard state.count == d else { throw SimulationError("initial state \(k + 1) has \(state.count) values; the model has \(d) (\(stateLabels.joined(separator: ", ")))") }
            guard state.allSatisfy(\.isFinite) else { throw SimulationError("initial state \(k + 1) is not finite") }
        }
        if case .explicit(let list) = times {
            guard !list.isEmpty else { throw SimulationError("no sample times") }
            guard list.allSatisfy(\.isFinite), zip(list, list.dropFirst()).allSatisfy({ $0 < $1 }) else {
                throw SimulationError("sample times must be finite and strictly increasing")
            }
            if let start = initialTimes.max(), list[0] < start {
                throw SimulationError("sample time \(list[0]) is before the start time \(start)")
            }
        }
        let request = self
        let results = parallelMap(b, threads: threads) { k in request.trajectory(k, field: field, parameters: parameters) }
        var times: [Double] = [], clean: [Double] = [], observed: [Double] = [], mask: [UInt8] = []
        for (k, result) in results.enumerated() {
            switch result {
            case .failure(let error): throw SimulationError("trajectory \(k + 1): \(error)")
            case .success(let trajectory):
                times += trajectory.times; clean += trajectory.clean; observed += trajectory.observed; mask += trajectory.mask
            }
        }
        let n = times.count / b
        var stacked: [String: NDArray<Double>] = [:]
        for (name, values) in namedParameters {
            stacked[name] = NDArray(shape: values.count == 1 ? [b] : [b, values.count], values: (0..<b).flatMap { _ in values })
        }
        let noisy = observation.noise > 0 || observation.missingFraction > 0
        return TrajectoryDataset(
            times: NDArray(shape: [b, n], values: times), states: NDArray(shape: [b, n, d], values: noisy ? observed : clean),
            trueStates: noisy ? NDArray(shape: [b, n, d], values: clean) : nil,
            mask: observation.missingFraction > 0 ? NDArray(shape: [b, n, d], values: mask) : nil,
            initialStates: NDArray(shape: [b, d], values: initialStates.flatMap { $0 }), parameters: stacked,
            metadata: DatasetMetadata(system: system, stateLabels: stateLabels, attributes: attributes.merging(settingAttributes) { a, _ in a }),
            initialTimes: initialTimes)
    }

    private func trajectory<F: VectorField>(_ k: Int, field: F, parameters: [Double])
        -> Result<(times: [Double], clean: [Double], observed: [Double], mask: [UInt8]), ODEError>
    {
        var random = SeededRandom(seed: seed ^ DatasetRecipe.observationSalt, stream: UInt64(k))
        let t0 = initialTimes[k]
        let sampleTimes: [Double]
        switch times {
        case .explicit(let list): sampleTimes = list
        case .sampled(let sampling, let count, let tEnd): sampleTimes = sampling.times(count: count, tEnd: tEnd, random: &random).map { t0 + $0 }
        }
        let end = sampleTimes.last!
        do throws(ODEError) {
            var clean: [Double]
            if end == t0 {
                clean = sampleTimes.flatMap { _ in initialStates[k] }
            } else {
                let mode: StepSizeMode = method.isAdaptive
                    ? .adaptive(StepSizeController(rtol: rtol, atol: atol)) : .fixed(dt: dt ?? (end - t0) / 1000)
                let solution = try solve(field, from: t0, to: end, initialState: initialStates[k], parameters: parameters,
                                         method: method, stepSize: mode, options: SolveOptions(saveAt: sampleTimes, recordSteps: false))
                clean = solution.savedStates
            }
            let seen = observation.observe(clean, random: &random)
            return .success((sampleTimes, clean, seen.values, seen.mask))
        } catch {
            return .failure(error)
        }
    }
}

/// A simulation that cannot run or whose solve failed (one line).
public struct SimulationError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
