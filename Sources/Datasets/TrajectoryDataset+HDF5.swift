import HDF5Kit

extension TrajectoryDataset {
    /// Writes the dataset in schema v1 to `path`, atomically (temporary file, then rename).
    ///
    /// Per-trajectory arrays are chunked in whole trajectories (``trajectoriesPerChunk(bytesPerTrajectory:count:)``)
    /// and deflated with byte shuffling, so reading one trajectory touches one chunk. The chunks are
    /// compressed as `filtering` says (by default on every core); every choice writes the same bytes.
    public func write(to path: String, filtering: HDF5ChunkFiltering = .allCores) throws {
        try validate(file: path)
        try HDF5File.writeAtomically(to: path) { file in
            let root = try file.root
            try root.setAttribute("schema_version", .integer(SchemaV1.version))
            try root.setAttribute("kind", .string("dataset"))
            try root.setAttribute("system", .string(metadata.system))
            try root.setAttribute("state_labels", .strings(metadata.stateLabels))
            for (name, value) in metadata.attributes.sorted(by: { $0.key < $1.key }) {
                try root.setAttribute(name, value)
            }
            let (n, d) = (sampleCount, stateDimension)
            let b = trajectoryCount
            func storage(_ shape: [Int], elementBytes: Int) -> HDF5StorageOptions {
                let rows = Self.trajectoriesPerChunk(bytesPerTrajectory: shape.reduce(elementBytes, *), count: b)
                return HDF5StorageOptions(chunks: [rows] + shape, deflateLevel: 4, shuffle: true)
            }
            let perTrajectory = storage([n, d], elementBytes: 8)
            try root.write(times, to: SchemaV1.times, storage: storage([n], elementBytes: 8), filtering: filtering)
            if let trueStates, trueStates.hasSameBits(as: states) {
                // Noise-free and nothing missing: the chunks are compressed once for both.
                try root.write(states, to: [SchemaV1.states, SchemaV1.trueStates], storage: perTrajectory, filtering: filtering)
            } else {
                try root.write(states, to: SchemaV1.states, storage: perTrajectory, filtering: filtering)
                if let trueStates { try root.write(trueStates, to: SchemaV1.trueStates, storage: perTrajectory, filtering: filtering) }
            }
            if let mask { try root.write(mask, to: SchemaV1.mask, storage: storage([n, d], elementBytes: 1), filtering: filtering) }
            try root.write(initialStates, to: SchemaV1.initialStates)
            try root.write(NDArray(trajectoryIDs), to: SchemaV1.trajectoryIDs)
            if initialTimes.contains(where: { $0 != 0 }) { try root.write(NDArray(initialTimes), to: SchemaV1.initialTimes) }
            if !parameters.isEmpty {
                let group = try root.createGroup(SchemaV1.parameters)
                for (name, values) in parameters.sorted(by: { $0.key < $1.key }) { try group.write(values, to: name) }
            }
        }
    }

    /// Whole trajectories per chunk of a per-trajectory array: one when a trajectory takes 16 KiB or
    /// more, else as many as fit in 32 KiB (at most `count`). Every chunk costs HDF5 an index entry
    /// and deflate a stream header and a set-up, so one short trajectory per chunk (say 20 samples
    /// of 2 components, 320 bytes) made files larger than their data and writes ten times slower.
    public static func trajectoriesPerChunk(bytesPerTrajectory: Int, count: Int) -> Int {
        max(1, min(count, 32_768 / max(bytesPerTrajectory, 1)))
    }

    /// Reads and validates a schema-v1 dataset.
    public static func read(from path: String) throws -> TrajectoryDataset {
        let file = try HDF5File.open(path)
        defer { try? file.close() }
        let root = try file.root
        func fail(_ message: String) -> DatasetError { DatasetError(file: path, message) }
        if root.hasAttribute("schema_version") {
            let version = try root.attribute("schema_version").integerValue
            guard version == SchemaV1.version else {
                throw fail("schema_version is \(version.map(String.init) ?? "not an integer"); this Orrery reads version \(SchemaV1.version)")
            }
        }
        /// Whether the dataset `name` is there. Anything else under that name — a damaged object header,
        /// a link to nothing or to another file, a group — is an error, not an absence: an optional
        /// array taken as absent would silently change what is read (a damaged /initial_state, say,
        /// would let the first sample stand in for it).
        func present(_ name: String) throws -> Bool {
            let kind = root.kind(of: name)
            guard try readable("/\(name)", kind) else { throw fail("/\(name) is not a dataset") }
            return kind != nil
        }
        /// Whether an object of `kind` at `path` is an array to read (nil: absent, false: not an array);
        /// one that cannot be read is an error.
        func readable(_ path: String, _ kind: HDF5Member.Kind?) throws -> Bool {
            switch kind {
            case nil, .dataset: return true
            case .unresolvedLink: throw fail("\(path) cannot be read: its object header is damaged or its link leads nowhere")
            case .externalLink: throw fail("\(path) is an external link (to another file); Orrery reads only the file it is given")
            case .group, .namedDatatype: return false
            }
        }
        func required(_ name: String, _ shape: String) throws -> NDArray<Double> {
            guard try present(name) else {
                throw fail("missing dataset /\(name) \(shape) — is this a schema-v1 dataset? (for other files name the datasets with --time and --state)")
            }
            return try root.read(name, as: Double.self)
        }
        try checkDeclaredShapes(of: root, file: path)
        let times = try required(SchemaV1.times, "(B, N)")
        let states = try required(SchemaV1.states, "(B, N, D)")
        let trueStates = try present(SchemaV1.trueStates) ? try root.read(SchemaV1.trueStates, as: Double.self) : nil
        let mask = try present(SchemaV1.mask) ? try root.read(SchemaV1.mask, as: UInt8.self) : nil
        var initialStates: NDArray<Double>
        let hasInitialStates = try present(SchemaV1.initialStates)
        if hasInitialStates {
            initialStates = try root.read(SchemaV1.initialStates, as: Double.self)
        } else if states.shape.count == 3 {
            // Without /initial_state, the first sample stands in for it (at the first sample time, see below).
            let (b, n, d) = (states.shape[0], states.shape[1], states.shape[2])
            initialStates = NDArray(shape: [b, d], values: (0..<b).flatMap { row in (0..<d).map { states.values[row * n * d + $0] } })
        } else {
            initialStates = NDArray(shape: [0], values: [])
        }
        var parameters: [String: NDArray<Double>] = [:]
        if root.kind(of: SchemaV1.parameters) == .group {
            let group = try root.group(SchemaV1.parameters)
            // A subgroup or named type is not a parameter; a member that cannot be read is an error.
            for member in try group.members() where try readable("/\(SchemaV1.parameters)/\(member.name)", member.kind) {
                parameters[member.name] = try group.read(member.name, as: Double.self)
            }
        }
        var attributes: [String: HDF5AttributeValue] = [:]
        for (name, value) in try root.attributes() where !SchemaV1.reservedAttributes.contains(name) {
            attributes[name] = value
        }
        let labels: [String]
        switch try root.hasAttribute("state_labels") ? root.attribute("state_labels") : .strings([]) {
        case .strings(let names): labels = names
        case .string(let name): labels = [name]
        default: labels = []
        }
        let system = root.hasAttribute("system") ? (try root.attribute("system").stringValue ?? "unknown") : "unknown"
        let ids = try present(SchemaV1.trajectoryIDs) ? try root.read(SchemaV1.trajectoryIDs, as: Int64.self).values : nil
        var t0 = try present(SchemaV1.initialTimes) ? try root.read(SchemaV1.initialTimes, as: Double.self).values : nil
        if t0 == nil, !hasInitialStates, times.shape.count == 2 {
            t0 = (0..<times.shape[0]).map { times.values[$0 * times.shape[1]] }
        }
        let dataset = TrajectoryDataset(
            times: times, states: states, trueStates: trueStates, mask: mask, initialStates: initialStates,
            parameters: parameters, metadata: DatasetMetadata(system: system, stateLabels: labels, attributes: attributes),
            trajectoryIDs: ids, initialTimes: t0)
        try dataset.validate(file: path)
        return dataset
    }
}
