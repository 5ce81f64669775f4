import HDF5Kit

extension TrajectoryDataset {
    /// Checks the shapes a file declares before any array is read, so a damaged or crafted
    /// file (a huge or empty /t, mismatched arrays) fails with one line and no allocation.
    ///
    /// Schema v1: /t (B, N) and /state (B, N, D) with B, N, D > 0, the optional per-trajectory
    /// arrays agreeing with them, and all of it together within the memory one read may use.
    static func checkDeclaredShapes(of root: HDF5Group, file: String) throws {
        func fail(_ message: String) -> DatasetError { DatasetError(file: file, message) }
        func shape(_ name: String) throws -> [Int]? {
            root.kind(of: name) == .dataset ? try root.dataset(name).shape : nil
        }
        for name in [SchemaV1.times, SchemaV1.states, SchemaV1.trueStates, SchemaV1.mask, SchemaV1.initialStates,
                     SchemaV1.trajectoryIDs, SchemaV1.initialTimes, SchemaV1.parameters] where root.kind(of: name) == .externalLink {
            _ = try root.dataset(name)  // throws: external links are refused
        }
        guard let t = try shape(SchemaV1.times), let state = try shape(SchemaV1.states) else { return }
        guard t.count == 2 else { throw fail("/t must have shape (B, N), found \(t)") }
        let (b, n) = (t[0], t[1])
        guard b > 0, n > 0 else { throw fail("/t is empty (shape \(t)): a dataset needs at least one trajectory and one sample") }
        guard state.count == 3, state[0] == b, state[1] == n, state[2] > 0 else {
            throw fail("/state must have shape (B, N, D) = (\(b), \(n), D) to match /t, with D > 0, found \(state)")
        }
        let d = state[2]
        var expected: [(String, [Int])] = [(SchemaV1.trueStates, state), (SchemaV1.mask, state), (SchemaV1.initialStates, [b, d]),
                                           (SchemaV1.trajectoryIDs, [b]), (SchemaV1.initialTimes, [b])]
        if root.kind(of: SchemaV1.parameters) == .group {
            let group = try root.group(SchemaV1.parameters)
            for member in try group.members() where member.kind == .dataset {
                let found = try group.dataset(member.name).shape
                guard found.first == b else {
                    throw fail("/parameters/\(member.name) has shape \(found); its first dimension must be B = \(b)")
                }
                expected.append((SchemaV1.parameters + "/" + member.name, found))
            }
        }
        var total = try HDF5Safety.checkedCount(t, elementSize: 8, path: "\(file):/t")
        total += try HDF5Safety.checkedCount(state, elementSize: 8, path: "\(file):/state")
        for (name, wanted) in expected {
            guard let found = try shape(name) else { continue }
            guard found == wanted else { throw fail("/\(name) has shape \(found), expected \(wanted)") }
            total += try HDF5Safety.checkedCount(found, elementSize: 8, path: "\(file):/\(name)")
        }
        _ = try HDF5Safety.checkedCount([total], elementSize: 8, path: "\(file) (all arrays)")
    }

    /// The same for a foreign file's time and state datasets: (N,) with (N, D), or (N,) or (B, N)
    /// with (B, N, D), every extent positive.
    static func checkDeclaredShapes(time: [Int], state: [Int], timePath: String, statePath: String, file: String) throws {
        func fail(_ message: String) -> DatasetError { DatasetError(file: file, message) }
        let (b, n, d): (Int, Int, Int)
        switch (time.count, state.count) {
        case (1, 2): (b, n, d) = (1, state[0], state[1])
        case (1, 3), (2, 3): (b, n, d) = (state[0], state[1], state[2])
        default:
            throw fail("time \(timePath) has shape \(time) and state \(statePath) has shape \(state); expected (N,) with (N, D), or (N,) or (B, N) with (B, N, D)")
        }
        guard b > 0, n > 0, d > 0 else { throw fail("state \(statePath) is empty (shape \(state)): need at least one trajectory, sample and component") }
        if time.count == 1, time[0] != n {
            let transposed = time[0] == state[state.count - 1]
                ? "; it looks transposed: store it as \(state.count == 2 ? "(N, D) = [\(state[1]), \(state[0])]" : "(B, N, D) = [\(b), \(state[2]), \(state[1])]")" : ""
            throw fail("time \(timePath) has \(time[0]) samples but state \(statePath) has \(n) (shape \(state))\(transposed)")
        }
        if time.count == 2, time != [b, n] { throw fail("time \(timePath) has shape \(time), expected [\(b), \(n)] to match the state") }
        let total = try HDF5Safety.checkedCount(state, elementSize: 8, path: "\(file):\(statePath)")
        _ = try HDF5Safety.checkedCount([total, 3], elementSize: 8, path: "\(file) (all arrays)")
    }
}
