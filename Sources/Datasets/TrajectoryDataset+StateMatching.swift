import HDF5Kit

/// Observation by name: a model's states matched to a dataset's columns by label (CSV header,
/// HDF5 `state_labels`), in any column order.
extension TrajectoryDataset {
    /// For each model state, the data column holding it: `permutation[i]` is the column of
    /// `stateNames[i]`. Labels match exactly; if some name has no exact match, matching is
    /// retried ignoring case. Throws a ``DatasetError`` naming every state missing from the
    /// data (and the labels there are), or a label the data repeats.
    public static func columnPermutation(stateNames: [String], labels: [String], file: String = "data") throws -> [Int] {
        func find(_ name: String, _ normalise: (String) -> String) -> [Int] {
            labels.indices.filter { normalise(labels[$0]) == normalise(name) }
        }
        var permutation: [Int] = [], missing: [String] = []
        for name in stateNames {
            var hits = find(name) { $0 }
            if hits.isEmpty { hits = find(name) { $0.lowercased() } }
            if hits.count > 1 {
                throw DatasetError(file: file, "state \"\(name)\" matches \(hits.count) columns (\(hits.map { labels[$0] }.joined(separator: ", "))); labels must be unique")
            }
            if let column = hits.first { permutation.append(column) } else { missing.append(name) }
        }
        guard missing.isEmpty else {
            throw DatasetError(file: file, "the model's state\(missing.count == 1 ? "" : "s") \(missing.map { "\"\($0)\"" }.joined(separator: ", ")) "
                + "\(missing.count == 1 ? "is" : "are") not among the data's columns (\(labels.joined(separator: ", "))); "
                + "name the columns after the states (CSV header, HDF5 state_labels)")
        }
        guard Set(permutation).count == permutation.count else {
            throw DatasetError(file: file, "two states match the same column; labels: \(labels.joined(separator: ", "))")
        }
        return permutation
    }

    /// The dataset with its state columns reordered (and restricted) to `stateNames`, matched by
    /// label (see ``columnPermutation(stateNames:labels:file:)``). States, noise-free states,
    /// mask, initial states and labels are all permuted alike.
    public func matchingStates(_ stateNames: [String], file: String = "data") throws -> TrajectoryDataset {
        let labels = metadata.stateLabels.count == stateDimension ? metadata.stateLabels : Self.unnamedColumns(stateDimension)
        let permutation: [Int]
        do { permutation = try Self.columnPermutation(stateNames: stateNames, labels: labels, file: file) } catch {
            guard labels == Self.unnamedColumns(stateDimension) else { throw error }
            let example = "[" + stateNames.prefix(stateDimension).map { "\"\($0)\"" }.joined(separator: ", ") + "]"
            throw DatasetError(file: file, "the data's \(stateDimension) columns have no names (read as \(labels.joined(separator: ", "))), so the "
                + "model's states \(stateNames.joined(separator: ", ")) cannot be matched to them: name them with a state_labels attribute "
                + "on the state dataset (h5py: f[\"\(metadata.attributes["source_state"]?.stringValue ?? "STATE")\"].attrs[\"state_labels\"] = \(example), in the file's column order)")
        }
        if permutation == Array(0..<stateDimension) { return self }
        let d = stateDimension, rows = trajectoryCount * sampleCount
        func permute<Element>(_ array: NDArray<Element>, rows: Int) -> NDArray<Element> {
            var values: [Element] = []
            values.reserveCapacity(rows * permutation.count)
            for r in 0..<rows { for column in permutation { values.append(array.values[r * d + column]) } }
            var shape = array.shape
            shape[shape.count - 1] = permutation.count
            return NDArray(shape: shape, values: values)
        }
        var result = self
        result.states = permute(states, rows: rows)
        result.trueStates = trueStates.map { permute($0, rows: rows) }
        result.mask = mask.map { permute($0, rows: rows) }
        result.initialStates = permute(initialStates, rows: trajectoryCount)
        result.metadata.stateLabels = permutation.map { labels[$0] }
        return result
    }
}
