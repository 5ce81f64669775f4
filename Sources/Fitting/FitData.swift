import Datasets
import Foundation
import Gradients

/// The observations of a dataset, cut into what trains, what validates and what tests.
///
/// Per trajectory: its start `(t0, y0)`, and for each of training and
/// validation the observation times, values and mask (data mask ∧ observed
/// components ∧ the split). A trajectory with nothing observed in a part is
/// left out of that part.
///
/// The splits are honest: with `trainUntil = T`, observations at `t ≤ T` train; those in
/// `(T, validateUntil]` validate (choose "best" and stop early) only when `validateUntil` is
/// given; everything later is the test window, which no choice of the fit ever sees. Without
/// `trainUntil`, `validationFraction` of the trajectories is held out for validation.
public struct FitData: Sendable {
    public struct Trajectory: Sendable {
        public let index: Int
        public let t0: Double
        public let initialState: [Double]
        public let observations: Observations

        /// One trajectory to fit: it starts at `(t0, initialState)` and is observed at `observations`.
        /// `index` identifies it in checkpoints (learned initial states are named by it).
        public init(index: Int, t0: Double = 0, initialState: [Double], observations: Observations) {
            self.index = index
            self.t0 = t0
            self.initialState = initialState
            self.observations = observations
        }
    }

    public let training: [Trajectory]
    public let validation: [Trajectory]
    public let dimension: Int
    /// End of the fitted span (the split time, or the last training observation).
    public let fitEnd: Double

    public init(dataset: TrajectoryDataset, configuration: FitConfiguration) throws {
        let b = dataset.trajectoryCount, n = dataset.sampleCount, d = dataset.stateDimension
        dimension = d
        let components = configuration.observedComponents ?? Array(0..<d)
        guard components.allSatisfy({ (0..<d).contains($0) }) else {
            throw FitError("observed components \(components) are outside the state's \(d) components")
        }
        var heldOut = Set<Int>()
        if configuration.trainUntil == nil, configuration.validationFraction > 0, b > 1 {
            var random = SeededRandom(seed: configuration.seed, stream: 0x7661_6C69_6461_7465)
            let count = min(b - 1, max(1, Int((configuration.validationFraction * Double(b)).rounded())))
            heldOut = Set(Array(0..<b).shuffled(using: &random).prefix(count))
        }
        func part(_ b: Int, keep: (Double) -> Bool) -> Trajectory? {
            var times: [Double] = [], values: [Double] = [], mask: [Bool] = [], weights: [Double] = []
            let t0 = dataset.initialTimes[b]
            for k in 0..<n {
                let t = dataset.times.values[b * n + k]
                guard keep(t) else { continue }
                var row = [Bool](repeating: false, count: d)
                for c in components where dataset.isObserved(b, k, c) && dataset.states.values[(b * n + k) * d + c].isFinite { row[c] = true }
                guard row.contains(true) else { continue }
                times.append(t)
                values += (0..<d).map { row[$0] ? dataset.states.values[(b * n + k) * d + $0] : 0 }
                mask += row
                weights.append(configuration.timeWeightBase.map { pow($0, t - t0) } ?? 1)
            }
            guard !times.isEmpty else { return nil }
            let y0 = Array(dataset.initialStates.values[(b * d)..<((b + 1) * d)])
            return Trajectory(index: b, t0: t0, initialState: y0,
                              observations: Observations(times: times, values: values, mask: mask,
                                                         weights: configuration.timeWeightBase == nil ? nil : weights))
        }
        var training: [Trajectory] = [], validation: [Trajectory] = []
        for row in 0..<b {
            if let split = configuration.trainUntil {
                if let t = part(row, keep: { $0 <= split }) { training.append(t) }
                if let end = configuration.validateUntil, let v = part(row, keep: { $0 > split && $0 <= end }) { validation.append(v) }
            } else if heldOut.contains(row) {
                if let v = part(row, keep: { _ in true }) { validation.append(v) }
            } else if let t = part(row, keep: { _ in true }) {
                training.append(t)
            }
        }
        guard !training.isEmpty else {
            throw FitError("nothing to train on: no observed entries\(configuration.trainUntil.map { " at t ≤ \($0) (FitConfiguration.trainUntil)" } ?? "") in the observed components")
        }
        if let end = configuration.validateUntil {
            guard let split = configuration.trainUntil, end > split else {
                throw FitError("validateUntil (\(end)) needs trainUntil below it: the validation window is (trainUntil, validateUntil]")
            }
        }
        self.training = training
        self.validation = validation
        fitEnd = configuration.trainUntil ?? training.map { $0.observations.times.last! }.max()!
    }

    /// Data already cut (``training(until:)``).
    init(training: [Trajectory], validation: [Trajectory], dimension: Int, fitEnd: Double) {
        self.training = training
        self.validation = validation
        self.dimension = dimension
        self.fitEnd = fitEnd
    }

    /// The training trajectories of iteration `iteration`: all of them, or a batch
    /// drawn without replacement from the stream (seed, iteration) — the same batch
    /// whether the fit ran straight through or was resumed.
    public func batch(iteration: Int, size: Int?, seed: UInt64) -> [Trajectory] {
        guard let size, size < training.count else { return training }
        var random = SeededRandom(seed: seed, stream: UInt64(iteration))
        return Array(training.shuffled(using: &random).prefix(size)).sorted { $0.index < $1.index }
    }
}

extension FitData {
    /// The same data with training observations after `time` left out (validation unchanged):
    /// the shorter horizons of a continuation in time. Trajectories with nothing left are dropped.
    public func training(until time: Double) -> FitData {
        let kept = training.compactMap { trajectory -> Trajectory? in
            let o = trajectory.observations, n = dimension
            let count = o.times.prefix { $0 <= time }.count
            guard count > 0 else { return nil }
            let observations = Observations(times: Array(o.times.prefix(count)), values: Array(o.values.prefix(count * n)),
                                            mask: o.mask.map { Array($0.prefix(count * n)) },
                                            weights: o.weights.map { Array($0.prefix(count)) })
            return Trajectory(index: trajectory.index, t0: trajectory.t0, initialState: trajectory.initialState, observations: observations)
        }
        return FitData(training: kept, validation: validation, dimension: dimension, fitEnd: min(time, fitEnd))
    }

    /// Observed entries of the training set: the residual count of a least-squares fit.
    public var trainingObservedEntries: Int {
        training.reduce(0) { total, trajectory in
            let o = trajectory.observations
            return total + (0..<o.count).reduce(0) { sum, k in
                sum + (0..<dimension).filter { o.isObserved(k, $0, dimension: dimension) }.count
            }
        }
    }

    /// The training observations' time span: earliest start, latest observation.
    public var trainingSpan: (start: Double, end: Double) {
        (training.map(\.t0).min() ?? 0, training.compactMap(\.observations.times.last).max() ?? 0)
    }
}

extension FitData {
    /// Whether some training trajectory starts from its own first observation (a CSV file, or a
    /// file without a separate noise-free `/initial_state`): then noise in it is taken as exact.
    public var startsAreFirstObservations: Bool {
        training.contains { trajectory in
            let o = trajectory.observations
            guard o.times.first == trajectory.t0 else { return false }
            return (0..<dimension).allSatisfy { d in
                !o.isObserved(0, d, dimension: dimension) || o.values[d] == trajectory.initialState[d]
            }
        }
    }

    /// Root mean square of the observed training values: the data's scale.
    public var observedRMS: Double {
        var sum = 0.0, count = 0
        for trajectory in training {
            let o = trajectory.observations
            for k in 0..<o.count {
                for d in 0..<dimension where o.isObserved(k, d, dimension: dimension) {
                    sum += o.values[k * dimension + d] * o.values[k * dimension + d]
                    count += 1
                }
            }
        }
        return count > 0 ? (sum / Double(count)).squareRoot() : 0
    }
}
