import Datasets
import Evaluation
import Foundation
import HDF5Kit
import ODE

extension FitEvaluation {
    /// A function giving the split window of each observation time of a trajectory, from the fit file:
    /// held-out validation trajectories (`validation_trajectories`) are validation throughout; otherwise
    /// times up to `fitEnd` trained, those in `(fitEnd, validateUntil]` validated, and later ones (and
    /// trajectories the fit never used) are the test window.
    static func windowClassifier(checkpoint: FitCheckpoint, configuration: FitConfiguration,
                                 fitEnd: Double) -> @Sendable (Int, [Double]) -> [ObservationWindow] {
        func indices(_ name: String) -> Set<Int> {
            guard let value = checkpoint.attributes[name] else { return [] }
            if case .integers(let ids) = value { return Set(ids.map(Int.init)) }
            return value.integerValue.map { [Int($0)] } ?? []
        }
        let training = indices("training_trajectories"), validation = indices("validation_trajectories")
        let split = configuration.trainUntil != nil
        let validateUntil = split ? configuration.validateUntil : nil
        return { row, times in
            if !split, validation.contains(row) { return times.map { _ in .validation } }
            if !split, !training.isEmpty, !training.contains(row) { return times.map { _ in .test } }
            return times.map { t in
                if t <= fitEnd { return .training }
                if let validateUntil, t <= validateUntil { return .validation }
                return .test
            }
        }
    }
}

extension FitEvaluation.PlotTrajectory {
    /// Fills the prediction at the observation times, the noise-free states there and the windows.
    mutating func fill(solution: Solution, position: [Double: Int], dataset: TrajectoryDataset, row: Int, kept: [Int],
                       windows: [ObservationWindow]) {
        let n = dataset.sampleCount, d = dataset.stateDimension
        var atTimes: [Double] = []
        for t in times {
            let p: Int = position[t]!
            atTimes += solution.savedStates[(p * d)..<((p + 1) * d)]
        }
        predictedAtTimes = atTimes
        if let all = dataset.trueStates {
            var values: [Double] = []
            for k in kept {
                let start: Int = (row * n + k) * d
                values += all.values[start..<(start + d)]
            }
            truth = values
        }
        self.windows = windows
    }

    /// The trajectory as the figures of ``FitFigures`` take it.
    public var figureData: TrajectoryFigureData {
        TrajectoryFigureData(index: index, times: times, observed: observed, predictedAtTimes: predictedAtTimes, truth: truth,
                             windows: windows, fineTimes: fineTimes, fine: predicted, dimension: predicted.count / max(1, fineTimes.count))
    }
}
