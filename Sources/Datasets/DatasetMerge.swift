import Foundation
import HDF5Kit

/// Joins shard files of one dataset (from `generate --shard K/N`) into one file.
public enum DatasetMerge {
    /// How the merged file holds the data.
    public enum Mode: Sendable {
        /// HDF5 virtual datasets that read from the shard files (no copy; keep the shards beside it).
        case virtual
        /// A self-contained copy.
        case copy
    }

    /// Merges `shards` (in any order) into `output`.
    ///
    /// Shards must come from the same recipe (system, labels, samples, seed and
    /// settings) and hold disjoint trajectory ids; they are ordered by id.
    public static func merge(_ shards: [String], into output: String, mode: Mode,
                             attributes extra: [String: HDF5AttributeValue] = [:]) throws {
        guard !shards.isEmpty else { throw DatasetError(file: output, "no shard files to merge") }
        let datasets = try shards.map { path in (path, try TrajectoryDataset.read(from: path)) }
            .sorted { ($0.1.trajectoryIDs.first ?? 0) < ($1.1.trajectoryIDs.first ?? 0) }
        let first = datasets[0].1
        let ignored: Set<String> = ["command", "shard", "skipped_ids", "orrery_version", "hdf5_version"]
        func comparable(_ d: TrajectoryDataset) -> [String: HDF5AttributeValue] { d.metadata.attributes.filter { !ignored.contains($0.key) } }
        var seen = Set<Int64>()
        for (path, dataset) in datasets {
            guard dataset.metadata.system == first.metadata.system, dataset.metadata.stateLabels == first.metadata.stateLabels,
                  dataset.sampleCount == first.sampleCount, dataset.stateDimension == first.stateDimension,
                  comparable(dataset) == comparable(first),
                  Set(dataset.parameters.keys) == Set(first.parameters.keys),
                  dataset.parameters.allSatisfy({ $0.value.shape.dropFirst() == first.parameters[$0.key]?.shape.dropFirst() }),
                  (dataset.trueStates == nil) == (first.trueStates == nil) else {
                throw DatasetError(file: path, "is not a shard of the same dataset as \(datasets[0].0) (system, labels, shapes, parameter widths or generation settings differ)")
            }
            for id in dataset.trajectoryIDs where !seen.insert(id).inserted {
                throw DatasetError(file: path, "trajectory id \(id) appears in more than one shard")
            }
        }
        var attributes = first.metadata.attributes.filter { $0.key != "shard" && $0.key != "skipped_ids" }
        let skipped = datasets.flatMap { $0.1.metadata.attributes["skipped_ids"].flatMap { value -> [Int64]? in
            if case .integers(let ids) = value { return ids }
            return value.integerValue.map { [$0] }
        } ?? [] }
        if !skipped.isEmpty { attributes["skipped_ids"] = .integers(skipped.sorted()) }
        attributes["merged_from"] = .strings(datasets.map { URL(fileURLWithPath: $0.0).lastPathComponent })
        attributes.merge(extra) { $1 }
        switch mode {
        case .copy:
            var merged = concatenate(datasets.map(\.1))
            merged.metadata.attributes = attributes
            try merged.write(to: output)
        case .virtual:
            try writeVirtual(datasets, attributes: attributes, to: output)
        }
    }

    private static func concatenate(_ parts: [TrajectoryDataset]) -> TrajectoryDataset {
        let b = parts.reduce(0) { $0 + $1.trajectoryCount }, n = parts[0].sampleCount, d = parts[0].stateDimension
        let anyMask = parts.contains { $0.mask != nil }
        var parameters: [String: NDArray<Double>] = [:]
        for (name, values) in parts[0].parameters {
            parameters[name] = NDArray(shape: [b] + values.shape.dropFirst(), values: parts.flatMap { $0.parameters[name]!.values })
        }
        return TrajectoryDataset(
            times: NDArray(shape: [b, n], values: parts.flatMap(\.times.values)),
            states: NDArray(shape: [b, n, d], values: parts.flatMap(\.states.values)),
            trueStates: parts[0].trueStates == nil ? nil : NDArray(shape: [b, n, d], values: parts.flatMap { $0.trueStates!.values }),
            mask: anyMask ? NDArray(shape: [b, n, d], values: parts.flatMap { $0.mask?.values ?? [UInt8](repeating: 1, count: $0.states.count) }) : nil,
            initialStates: NDArray(shape: [b, d], values: parts.flatMap(\.initialStates.values)),
            parameters: parameters, metadata: parts[0].metadata, trajectoryIDs: parts.flatMap(\.trajectoryIDs))
    }

    private static func writeVirtual(_ datasets: [(String, TrajectoryDataset)], attributes: [String: HDF5AttributeValue], to output: String) throws {
        let outputDirectory = URL(fileURLWithPath: output).deletingLastPathComponent().standardizedFileURL.path
        func sourceName(_ path: String) -> String {
            let url = URL(fileURLWithPath: path).standardizedFileURL
            return url.deletingLastPathComponent().path == outputDirectory ? url.lastPathComponent : url.path
        }
        let first = datasets[0].1
        let b = datasets.reduce(0) { $0 + $1.1.trajectoryCount }
        guard datasets.allSatisfy({ ($0.1.mask == nil) == (first.mask == nil) }) else {
            throw DatasetError(file: output, "some shards have a /mask and others not; merge with --copy")
        }
        try HDF5File.writeAtomically(to: output) { file in
            let root = try file.root
            try root.setAttribute("schema_version", .integer(SchemaV1.version))
            try root.setAttribute("kind", .string("dataset"))
            try root.setAttribute("system", .string(first.metadata.system))
            try root.setAttribute("state_labels", .strings(first.metadata.stateLabels))
            for (name, value) in attributes.sorted(by: { $0.key < $1.key }) { try root.setAttribute(name, value) }
            func map<T: HDF5Element>(_ name: String, _ type: T.Type, tail: [Int]) throws {
                var offset = 0
                var sources: [HDF5VirtualSource] = []
                for (path, dataset) in datasets {
                    let rows = dataset.trajectoryCount
                    sources.append(HDF5VirtualSource(file: sourceName(path), dataset: "/" + name, shape: [rows] + tail,
                                                     offset: [offset] + tail.map { _ in 0 }))
                    offset += rows
                }
                try root.createVirtualDataset(name, of: T.self, shape: [b] + tail, sources: sources)
            }
            let (n, d) = (first.sampleCount, first.stateDimension)
            try map(SchemaV1.times, Double.self, tail: [n])
            try map(SchemaV1.states, Double.self, tail: [n, d])
            if first.trueStates != nil { try map(SchemaV1.trueStates, Double.self, tail: [n, d]) }
            if first.mask != nil { try map(SchemaV1.mask, UInt8.self, tail: [n, d]) }
            try map(SchemaV1.initialStates, Double.self, tail: [d])
            try map(SchemaV1.trajectoryIDs, Int64.self, tail: [])
            for (name, values) in first.parameters.sorted(by: { $0.key < $1.key }) {
                try map(SchemaV1.parameters + "/" + name, Double.self, tail: Array(values.shape.dropFirst()))
            }
        }
    }
}
