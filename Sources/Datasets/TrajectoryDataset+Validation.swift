import HDF5Kit

extension TrajectoryDataset {
    /// Checks shapes and values; throws a ``DatasetError`` naming the first problem.
    ///
    /// Times must be finite and strictly increasing along each trajectory;
    /// observed states must be finite; every array must agree on B, N and D.
    public func validate(file: String = "<memory>") throws {
        func fail(_ message: String) -> DatasetError { DatasetError(file: file, message) }
        guard times.shape.count == 2 else { throw fail("/t must have shape (B, N), found \(times.shape)") }
        let (b, n) = (times.shape[0], times.shape[1])
        guard b > 0, n > 0 else { throw fail("/t is empty (shape \(times.shape))") }
        guard states.shape.count == 3, states.shape[0] == b, states.shape[1] == n else {
            throw fail("/state must have shape (B, N, D) = (\(b), \(n), D) to match /t, found \(states.shape)")
        }
        let d = states.shape[2]
        guard d > 0 else { throw fail("/state has no components (D = 0)") }
        if let trueStates, trueStates.shape != states.shape {
            throw fail("/state_true has shape \(trueStates.shape), expected \(states.shape) like /state")
        }
        if let mask, mask.shape != states.shape {
            throw fail("/mask has shape \(mask.shape), expected \(states.shape) like /state")
        }
        guard initialStates.shape == [b, d] else {
            throw fail("/initial_state has shape \(initialStates.shape), expected [\(b), \(d)]")
        }
        guard metadata.stateLabels.isEmpty || metadata.stateLabels.count == d else {
            throw fail("state_labels has \(metadata.stateLabels.count) names for \(d) state components")
        }
        guard trajectoryIDs.count == b else {
            throw fail("/trajectory_id has \(trajectoryIDs.count) entries for B = \(b) trajectories")
        }
        guard initialTimes.count == b else { throw fail("/t0 has \(initialTimes.count) entries for B = \(b) trajectories") }
        for row in 0..<b where !(initialTimes[row].isFinite && initialTimes[row] <= times.values[row * n]) {
            throw fail("/t0[\(row)] = \(initialTimes[row]) must be finite and not after the first sample time \(times.values[row * n])")
        }
        for (name, values) in parameters where values.shape.first != b {
            throw fail("/parameters/\(name) has shape \(values.shape); its first dimension must be B = \(b)")
        }
        for row in 0..<b {
            for k in 0..<n {
                let t = times.values[row * n + k]
                guard t.isFinite else { throw fail("/t[\(row), \(k)] is not finite (\(t))") }
                if k > 0, t <= times.values[row * n + k - 1] {
                    throw fail("/t row \(row) is not strictly increasing at sample \(k) (t = \(t) after \(times.values[row * n + k - 1])); sort the samples or drop duplicates")
                }
            }
        }
        var observedCount = 0
        for index in 0..<states.values.count {
            let observed = mask.map { $0.values[index] != 0 } ?? true
            guard observed else { continue }
            observedCount += 1
            guard states.values[index].isFinite else {
                let (row, rest) = index.quotientAndRemainder(dividingBy: n * d)
                throw fail("/state[\(row), \(rest / d), \(rest % d)] is \(states.values[index]) but marked observed; set /mask to 0 there")
            }
        }
        guard observedCount > 0 else { throw fail("every entry of /state is missing; nothing to fit or evaluate") }
    }
}
