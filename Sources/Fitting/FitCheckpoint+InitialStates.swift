import Datasets

extension FitCheckpoint {
    /// Each trajectory's initial state for a prediction from this fit: the state the fit learned
    /// for a training trajectory (when it learned initial states, block `initial_state`), else the
    /// data's own `/initial_state`. `dataset` is the fit's data, matched to its model.
    /// - Throws: ``FitError`` when the data and the model differ in dimension.
    public func initialStates(for dataset: TrajectoryDataset, dimension d: Int) throws(FitError) -> [[Double]] {
        guard dataset.stateDimension == d else { throw FitError("the fit's data have \(dataset.stateDimension) components, the model \(d)") }
        let learned = blocks.first { $0.name == "initial_state" }
        let training: [Int] = switch attributes["training_trajectories"] {
        case .integers(let ids): ids.map(Int.init)
        case .integer(let id): [Int(id)]
        default: []
        }
        var states: [[Double]] = []
        for row in 0..<dataset.trajectoryCount {
            var y0 = Array(dataset.initialStates.values[(row * d)..<((row + 1) * d)])
            if let learned, let slot = training.firstIndex(of: row) {
                let start = learned.range.lowerBound + slot * d
                y0 = Array(bestParameters[start..<(start + d)])
            }
            states.append(y0)
        }
        return states
    }
}
