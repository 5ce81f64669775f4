import CHDF5

/// One block of a virtual dataset: a whole source dataset placed at `offset`.
public struct HDF5VirtualSource: Sendable, Equatable {
    /// The source file, as HDF5 will look it up: a relative name is searched
    /// next to the virtual dataset's own file first.
    public var file: String
    /// The dataset's path inside `file`.
    public var dataset: String
    /// The source dataset's shape.
    public var shape: [Int]
    /// Where the block starts in the virtual dataset.
    public var offset: [Int]

    public init(file: String, dataset: String, shape: [Int], offset: [Int]) {
        self.file = file
        self.dataset = dataset
        self.shape = shape
        self.offset = offset
    }
}

extension HDF5Group {
    /// Creates a virtual dataset (HDF5 ≥ 1.10) of element type `T` that reads
    /// its blocks from other files' datasets without copying them.
    @discardableResult
    public func createVirtualDataset<T: HDF5Element>(
        _ name: String, of type: T.Type, shape: [Int], sources: [HDF5VirtualSource]
    ) throws -> HDF5Dataset {
        let where_ = childPath(name)
        try createMissingParents(of: name)
        var dims = shape.map { hsize_t($0) }
        let create = HDF5Handle.property(try checkID(H5Pcreate(orrery_H5P_DATASET_CREATE()), "create dataset properties"))
        try check(H5Pset_obj_track_times(create.id, false), "disable time tracking for \(where_)")
        for source in sources {
            guard source.shape.count == shape.count, source.offset.count == shape.count,
                  zip(zip(source.offset, source.shape), shape).allSatisfy({ $0.0 >= 0 && $0.0 + $0.1 <= $1 }) else {
                throw HDF5Error.shapeMismatch(path: "\(where_) ← \(source.file):\(source.dataset)", expected: shape, found: source.shape)
            }
            let virtualSpace = HDF5Handle.dataspace(try checkID(H5Screate_simple(Int32(dims.count), &dims, nil), "shape \(where_)"))
            var start = source.offset.map { hsize_t($0) }, count = source.shape.map { hsize_t($0) }
            try check(H5Sselect_hyperslab(virtualSpace.id, H5S_SELECT_SET, &start, nil, &count, nil), "select in \(where_)")
            let sourceSpace = HDF5Handle.dataspace(try checkID(H5Screate_simple(Int32(count.count), &count, nil), "shape \(source.dataset)"))
            try check(H5Pset_virtual(create.id, virtualSpace.id, source.file, source.dataset, sourceSpace.id),
                      "map \(source.file):\(source.dataset) into \(where_)")
        }
        let space = HDF5Handle.dataspace(try checkID(H5Screate_simple(Int32(dims.count), &dims, nil), "shape \(where_)"))
        let links = HDF5Handle.property(try checkID(H5Pcreate(orrery_H5P_LINK_CREATE()), "create link properties"))
        try check(H5Pset_create_intermediate_group(links.id, 1), "allow intermediate groups")
        let datasetID = try checkID(
            H5Dcreate2(id, name, T.hdf5MemoryType, space.id, links.id, create.id, orrery_H5P_DEFAULT()),
            "create virtual dataset \(where_)")
        return HDF5Dataset(file: file, id: datasetID, path: where_)
    }
}

extension HDF5Dataset {
    /// Whether the dataset is virtual (its data lives in other files).
    public var isVirtual: Bool {
        get throws {
            let plist = HDF5Handle.property(try checkID(H5Dget_create_plist(id), "read the layout of \(path)"))
            return H5Pget_layout(plist.id) == H5D_VIRTUAL
        }
    }
}
