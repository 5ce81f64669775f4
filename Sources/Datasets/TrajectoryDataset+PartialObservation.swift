import HDF5Kit

/// Partial observation by name: a model whose state has more components than the data measure.
extension TrajectoryDataset {
    /// The dataset widened to a model's `stateNames` when the data hold only the `observed`
    /// states (matched by label in any order, as ``matchingStates(_:file:)``; other columns are
    /// dropped). Each unobserved state gets a NaN column masked out everywhere (so no loss term
    /// reads it) and its initial value from `initialValues`. Throws a ``DatasetError`` naming an
    /// observed state missing from the data or an unobserved state without an initial value.
    public func widened(to stateNames: [String], observed: [String], initialValues: [String: Double],
                        file: String = "data") throws -> TrajectoryDataset {
        let narrow = try matchingStates(observed, file: file)
        let unset = stateNames.filter { !observed.contains($0) && initialValues[$0] == nil }
        guard unset.isEmpty else {
            throw DatasetError(file: file, "the unobserved state\(unset.count == 1 ? "" : "s") \(unset.joined(separator: ", ")) need\(unset.count == 1 ? "s" : "") an initial value")
        }
        let column = stateNames.map { observed.firstIndex(of: $0) }
        let m = observed.count, d = stateNames.count, rows = trajectoryCount * sampleCount
        func widen(_ array: NDArray<Double>, rows: Int, fill: (Int) -> Double) -> NDArray<Double> {
            var values = [Double](repeating: 0, count: rows * d)
            for r in 0..<rows {
                for (i, j) in column.enumerated() { values[r * d + i] = j.map { array.values[r * m + $0] } ?? fill(i) }
            }
            var shape = array.shape
            shape[shape.count - 1] = d
            return NDArray(shape: shape, values: values)
        }
        var mask = [UInt8](repeating: 0, count: rows * d)
        for r in 0..<rows {
            for (i, j) in column.enumerated() {
                guard let j else { continue }
                mask[r * d + i] = narrow.mask.map { $0.values[r * m + j] } ?? 1
            }
        }
        var result = narrow
        result.states = widen(narrow.states, rows: rows) { _ in .nan }
        result.trueStates = narrow.trueStates.map { widen($0, rows: rows) { _ in .nan } }
        result.mask = NDArray(shape: Array(narrow.states.shape.dropLast()) + [d], values: mask)
        result.initialStates = widen(narrow.initialStates, rows: trajectoryCount) { initialValues[stateNames[$0]]! }
        result.metadata.stateLabels = stateNames
        return result
    }
}
