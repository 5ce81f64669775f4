import CHDF5

/// Storage options for a new dataset.
public struct HDF5StorageOptions: Sendable, Equatable {
    /// Chunk shape; nil stores the data contiguously (unless compression needs chunks).
    public var chunks: [Int]?
    /// Deflate (gzip) level 0–9; nil for none. Implies chunking.
    public var deflateLevel: Int?
    /// Byte-shuffle before compression (helps floating-point data compress).
    public var shuffle: Bool
    /// A Fletcher-32 checksum per chunk, verified by HDF5 on every read, so a damaged file
    /// fails with an error instead of yielding wrong numbers. Implies chunking (chunks of
    /// at most about 1 MiB when no chunk shape is given). Scalar and empty datasets and
    /// strings are stored without it.
    public var checksum: Bool

    public init(chunks: [Int]? = nil, deflateLevel: Int? = nil, shuffle: Bool = false, checksum: Bool = true) {
        self.chunks = chunks
        self.deflateLevel = deflateLevel
        self.shuffle = shuffle
        self.checksum = checksum
    }

    /// Uncompressed, with checksums (Orrery's default for its own files).
    public static let checksummed = HDF5StorageOptions()
    /// Contiguous, uncompressed, no checksum.
    public static let contiguous = HDF5StorageOptions(checksum: false)

    /// Rows per chunk when only a checksum asks for chunks: about 1 MiB per chunk.
    static func defaultChunks(shape: [Int], elementSize: Int) -> [Int] {
        let rowBytes = shape.dropFirst().reduce(max(1, elementSize)) { $0.multipliedReportingOverflow(by: $1).partialValue }
        return [max(1, min(shape[0], (1 << 20) / max(1, rowBytes)))] + shape.dropFirst()
    }
}

extension HDF5Group {
    /// Creates an empty dataset of element type `T` and the given shape.
    public func createDataset<T: HDF5Element>(
        _ name: String, of type: T.Type, shape: [Int], storage: HDF5StorageOptions = .checksummed
    ) throws -> HDF5Dataset {
        try createDataset(name, typeID: T.hdf5MemoryType, shape: shape, storage: storage)
    }

    /// Creates a dataset holding `array`; the chunks of a compressed dataset are filtered as `filtering`
    /// says (by default on every core, the same bytes as HDF5's own pipeline).
    @discardableResult
    public func write<T: HDF5Element>(
        _ array: NDArray<T>, to name: String, storage: HDF5StorageOptions = .checksummed,
        filtering: HDF5ChunkFiltering = .allCores
    ) throws -> HDF5Dataset {
        let dataset = try createDataset(name, of: T.self, shape: array.shape, storage: storage)
        try dataset.write(array, storage: storage, filtering: filtering)
        return dataset
    }

    /// Creates one dataset per name in `names`, in order, each holding `array` — one array stored
    /// under several names, e.g. a dataset's observed and true states when it has no noise. The
    /// same files as writing it once per name, but a compressed array's chunks are filtered once.
    public func write<T: HDF5Element>(
        _ array: NDArray<T>, to names: [String], storage: HDF5StorageOptions, filtering: HDF5ChunkFiltering = .allCores
    ) throws {
        let chunks = HDF5Dataset.filteredChunks(of: array, storage: storage, filtering: filtering)
        for name in names {
            try createDataset(name, of: T.self, shape: array.shape, storage: storage).write(array, filtered: chunks)
        }
    }

    /// Creates a dataset of variable-length UTF-8 strings with the given shape.
    @discardableResult
    public func writeStrings(_ strings: [String], shape: [Int]? = nil, to name: String) throws -> HDF5Dataset {
        let shape = shape ?? [strings.count]
        guard shape.reduce(1, *) == strings.count else {
            throw HDF5Error.shapeMismatch(path: childPath(name), expected: shape, found: [strings.count])
        }
        let type = try HDF5Strings.variableUTF8Type()
        let dataset = try createDataset(name, typeID: type.id, shape: shape, storage: .contiguous)
        try HDF5Strings.withCStrings(strings) {
            try check(H5Dwrite(dataset.id, type.id, orrery_H5S_ALL(), orrery_H5S_ALL(), orrery_H5P_DEFAULT(), $0),
                      "write \(dataset.path)")
        }
        return dataset
    }

    /// Reads the numeric dataset at `name`.
    public func read<T: HDF5Element>(_ name: String, as type: T.Type = T.self) throws -> NDArray<T> {
        try dataset(name).read(as: T.self)
    }

    private func createDataset(_ name: String, typeID: hid_t, shape: [Int], storage: HDF5StorageOptions) throws -> HDF5Dataset {
        let where_ = childPath(name)
        try createMissingParents(of: name)
        guard shape.allSatisfy({ $0 >= 0 }) else { throw HDF5Error.shapeMismatch(path: where_, expected: [], found: shape) }
        var dims = shape.map { hsize_t($0) }
        let space = HDF5Handle.dataspace(try checkID(
            shape.isEmpty ? H5Screate(H5S_SCALAR) : H5Screate_simple(Int32(dims.count), &dims, nil), "create the shape of \(where_)"))
        let create = HDF5Handle.property(try checkID(H5Pcreate(orrery_H5P_DATASET_CREATE()), "create dataset properties"))
        // No access/modification times in object headers: same data, same bytes.
        try check(H5Pset_obj_track_times(create.id, false), "disable time tracking for \(where_)")
        let isString = H5Tget_class(typeID) == H5T_STRING
        let checksum = storage.checksum && !isString
        let wantsChunks = storage.chunks != nil || storage.deflateLevel != nil || storage.shuffle || checksum
        if wantsChunks && !shape.isEmpty && shape.allSatisfy({ $0 > 0 }) {
            let chunks = storage.chunks
                ?? (storage.deflateLevel == nil && !storage.shuffle ? HDF5StorageOptions.defaultChunks(shape: shape, elementSize: Int(H5Tget_size(typeID))) : shape)
            guard chunks.count == shape.count, chunks.allSatisfy({ $0 > 0 }) else {
                throw HDF5Error.shapeMismatch(path: where_ + " (chunks)", expected: shape, found: chunks)
            }
            var chunkDims = zip(chunks, shape).map { hsize_t(min($0, $1)) }
            try check(H5Pset_chunk(create.id, Int32(chunkDims.count), &chunkDims), "set the chunks of \(where_)")
            if storage.shuffle { try check(H5Pset_shuffle(create.id), "enable shuffle for \(where_)") }
            if let level = storage.deflateLevel {
                try check(H5Pset_deflate(create.id, UInt32(min(9, max(0, level)))), "enable deflate for \(where_)")
            }
            if checksum { try check(H5Pset_fletcher32(create.id), "enable checksums for \(where_)") }
        }
        let links = HDF5Handle.property(try checkID(H5Pcreate(orrery_H5P_LINK_CREATE()), "create link properties"))
        try check(H5Pset_create_intermediate_group(links.id, 1), "allow intermediate groups")
        let datasetID = try checkID(
            H5Dcreate2(id, name, typeID, space.id, links.id, create.id, orrery_H5P_DEFAULT()), "create dataset \(where_)")
        return HDF5Dataset(file: file, id: datasetID, path: where_)
    }
}
