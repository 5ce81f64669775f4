import Foundation
import HDF5Kit

extension TrajectoryDataset {
    /// Reads trajectories from any HDF5 file, given the paths of its time and state datasets.
    ///
    /// Accepted shapes: time (N,) with state (N, D) — one trajectory — or time (N,)
    /// or (B, N) with state (B, N, D). NaN in the state marks a missing entry. The columns are
    /// named by a string-array attribute of the state dataset with D entries (`state_labels`,
    /// `labels`, `columns` or `names`), else `y0`, `y1`, ….
    /// Use this for files that do not follow schema v1 (`orrery fit --time /path --state /path`).
    public static func read(from path: String, timePath: String, statePath: String) throws -> TrajectoryDataset {
        let file = try HDF5File.open(path)
        defer { try? file.close() }
        let root = try file.root
        func fail(_ message: String) -> DatasetError { DatasetError(file: path, message) }
        for (name, role) in [(timePath, "time"), (statePath, "state")] where root.kind(of: name) != .dataset {
            throw fail("no dataset \(name) (given as the \(role) dataset); `orrery inspect \(path)` lists what is there")
        }
        try checkDeclaredShapes(time: try root.dataset(timePath).shape, state: try root.dataset(statePath).shape,
                                timePath: timePath, statePath: statePath, file: path)
        let time = try root.read(timePath, as: Double.self)
        let state = try root.read(statePath, as: Double.self)
        let (b, n, d): (Int, Int, Int)
        switch (time.shape.count, state.shape.count) {
        case (1, 2): (b, n, d) = (1, state.shape[0], state.shape[1])
        case (1, 3), (2, 3): (b, n, d) = (state.shape[0], state.shape[1], state.shape[2])
        default:
            throw fail("time \(timePath) has shape \(time.shape) and state \(statePath) has shape \(state.shape); expected (N,) with (N, D), or (N,) or (B, N) with (B, N, D)")
        }
        let times: [Double]
        if time.shape.count == 1 {
            guard time.shape[0] == n else { throw fail("time \(timePath) has \(time.shape[0]) samples but state \(statePath) has \(n)") }
            times = Array((0..<b).map { _ in time.values }.joined())
        } else {
            guard time.shape == [b, n] else { throw fail("time \(timePath) has shape \(time.shape), expected [\(b), \(n)] to match the state") }
            times = time.values
        }
        let named = try root.dataset(statePath)
        let labels = ["state_labels", "labels", "columns", "names"].lazy.compactMap { name -> [String]? in
            guard case .strings(let labels)? = try? named.attribute(name), labels.count == d, Set(labels).count == d else { return nil }
            return labels
        }.first
        var dataset = try assemble(file: path, times: times, states: state.values, b: b, n: n, d: d,
                                   labels: labels ?? unnamedColumns(d), system: "imported from \(statePath)")
        dataset.metadata.attributes["source_state"] = .string(statePath)
        return dataset
    }

    /// The names given to the columns of a foreign state dataset without labels: `y0`, `y1`, ….
    static func unnamedColumns(_ d: Int) -> [String] { (0..<d).map { "y\($0)" } }

    /// Builds a dataset from flat arrays, with the mask derived from NaN entries, and validates it.
    ///
    /// The first sample of each trajectory is its initial state. A component missing there takes
    /// its first observed value in that trajectory (0 if it is never observed); each such fill is
    /// recorded in the `initial_state_filled` attribute (trajectory, component, rule) for the
    /// caller to report, with the rule in `initial_state_rule`.
    static func assemble(file: String, times: [Double], states: [Double], b: Int, n: Int, d: Int,
                         labels: [String], system: String) throws -> TrajectoryDataset {
        guard b > 0, n > 0, d > 0, times.count == b * n, states.count == b * n * d else {
            throw DatasetError(file: file, "no data: \(b) trajectories × \(n) samples × \(d) components")
        }
        let mask = states.map { $0.isNaN ? UInt8(0) : 1 }
        var initial = [Double](), filled = [String]()
        for row in 0..<b {
            for component in 0..<d {
                let first = (0..<n).first { !states[(row * n + $0) * d + component].isNaN }
                initial.append(first.map { states[(row * n + $0) * d + component] } ?? 0)
                guard first != 0 else { continue }
                let label = component < labels.count ? labels[component] : "component \(component)"
                filled.append(first.map { "trajectory \(row), \(label): missing at the first sample (t = \(times[row * n])); took its first observed value (t = \(times[row * n + $0]))" }
                    ?? "trajectory \(row), \(label): never observed; initial value set to 0")
            }
        }
        var attributes: [String: HDF5AttributeValue] = ["source_file": .string(file)]
        if !filled.isEmpty {
            attributes["initial_state_filled"] = .strings(filled)
            attributes["initial_state_rule"] = .string("the first sample is the initial state; a component missing there takes its first observed value")
        }
        let dataset = TrajectoryDataset(
            times: NDArray(shape: [b, n], values: times), states: NDArray(shape: [b, n, d], values: states),
            mask: mask.contains(0) ? NDArray(shape: [b, n, d], values: mask) : nil,
            initialStates: NDArray(shape: [b, d], values: initial),
            metadata: DatasetMetadata(system: system, stateLabels: labels, attributes: attributes),
            initialTimes: (0..<b).map { times[$0 * n] })
        try dataset.validate(file: file)
        return dataset
    }
}
