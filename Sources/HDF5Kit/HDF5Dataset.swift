import CHDF5

/// An n-dimensional array stored in a file.
public final class HDF5Dataset: HDF5Object {
    public let path: String
    /// Keeps the file open while this dataset is in use.
    public let file: HDF5File
    let handle: HDF5Handle

    public var id: hid_t { HDF5.ensureInitialized(); return handle.id }

    init(file: HDF5File, id: hid_t, path: String) {
        self.file = file
        self.path = path
        self.handle = HDF5Handle(id, closer: H5Dclose)
    }

    /// The extent of each dimension (`[]` for a scalar dataset).
    public var shape: [Int] {
        get throws {
            let space = HDF5Handle.dataspace(try checkID(H5Dget_space(id), "read the shape of \(path)"))
            return try Self.extent(of: space.id, path: path)
        }
    }

    /// What the dataset stores.
    public var dataType: HDF5DataType {
        get throws {
            let type = HDF5Handle.datatype(try checkID(H5Dget_type(id), "read the type of \(path)"))
            return HDF5DataType(typeID: type.id)
        }
    }

    /// The chunk shape, or nil for contiguous or compact storage.
    public var chunkShape: [Int]? {
        get throws {
            let plist = HDF5Handle.property(try checkID(H5Dget_create_plist(id), "read the layout of \(path)"))
            guard H5Pget_layout(plist.id) == H5D_CHUNKED else { return nil }
            var dims = [hsize_t](repeating: 0, count: 32)
            let rank = H5Pget_chunk(plist.id, Int32(dims.count), &dims)
            if rank < 0 { throw HDF5Error.library(operation: "read the chunks of \(path)", message: takeHDF5ErrorMessage()) }
            return dims.prefix(Int(rank)).map { Int($0) }
        }
    }

    /// The filter pipeline, e.g. `["shuffle", "deflate(4)"]`.
    public var filters: [String] {
        get throws {
            let plist = HDF5Handle.property(try checkID(H5Dget_create_plist(id), "read the filters of \(path)"))
            let count = H5Pget_nfilters(plist.id)
            return (0..<max(0, count)).map { index in
                var flags: UInt32 = 0
                var valueCount = 8
                var values = [UInt32](repeating: 0, count: 8)
                var name = [CChar](repeating: 0, count: 64)
                var config: UInt32 = 0
                let filter = H5Pget_filter2(plist.id, UInt32(index), &flags, &valueCount, &values, name.count, &name, &config)
                switch filter {
                case H5Z_FILTER_DEFLATE: return "deflate(\(valueCount > 0 ? values[0] : 0))"
                case H5Z_FILTER_SHUFFLE: return "shuffle"
                case H5Z_FILTER_FLETCHER32: return "fletcher32"
                case H5Z_FILTER_SZIP: return "szip"
                case H5Z_FILTER_NBIT: return "nbit"
                case H5Z_FILTER_SCALEOFFSET: return "scaleoffset"
                default:
                    let text = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                    return text.isEmpty ? "filter \(filter)" : "\(text) (\(filter))"
                }
            }
        }
    }

    /// Reads the whole dataset, converting numbers to `T`.
    ///
    /// Integers may be read as `Double`; floating-point data is never silently
    /// truncated into an integer type.
    public func read<T: HDF5Element>(as type: T.Type = T.self) throws -> NDArray<T> {
        let shape = try self.shape
        try requireNumeric(for: T.self)
        let count = try HDF5Safety.checkedCount(shape, elementSize: MemoryLayout<T>.stride, path: "\(file.path):\(path)")
        try requireReadableLayout()
        var values = [T](repeating: T.zero, count: count)
        try values.withUnsafeMutableBytes {
            try check(H5Dread(id, T.hdf5MemoryType, orrery_H5S_ALL(), orrery_H5S_ALL(), orrery_H5P_DEFAULT(), $0.baseAddress),
                      "read \(path)")
        }
        return NDArray(shape: shape, values: values)
    }

    /// Reads the block `offset ..< offset + count` (one entry per dimension).
    public func read<T: HDF5Element>(as type: T.Type = T.self, offset: [Int], count: [Int]) throws -> NDArray<T> {
        try requireNumeric(for: T.self)
        let elements = try HDF5Safety.checkedCount(count, elementSize: MemoryLayout<T>.stride, path: "\(file.path):\(path)")
        try requireReadableLayout()
        var values = [T](repeating: T.zero, count: elements)
        try withSelection(offset: offset, count: count) { memory, file in
            try values.withUnsafeMutableBytes {
                try check(H5Dread(id, T.hdf5MemoryType, memory, file, orrery_H5P_DEFAULT(), $0.baseAddress), "read part of \(path)")
            }
        }
        return NDArray(shape: count, values: values)
    }

    /// Reads a string dataset (variable or fixed length), flattened in row-major order.
    public func readStrings() throws -> [String] {
        let type = HDF5Handle.datatype(try checkID(H5Dget_type(id), "read the type of \(path)"))
        guard H5Tget_class(type.id) == H5T_STRING else {
            throw HDF5Error.typeMismatch(path: path, expected: "strings", found: HDF5DataType(typeID: type.id).name)
        }
        let count = try HDF5Safety.checkedCount(try shape, elementSize: max(8, Int(H5Tget_size(type.id))), path: "\(file.path):\(path)")
        try requireReadableLayout()
        return try HDF5Strings.read(fileType: type.id, count: count, operation: "read \(path)", from: .dataset(id))
    }

    /// Writes the whole dataset; `values` must match its shape.
    public func write<T: HDF5Element>(_ values: NDArray<T>) throws {
        let shape = try self.shape
        guard shape == values.shape else { throw HDF5Error.shapeMismatch(path: path, expected: shape, found: values.shape) }
        try values.values.withUnsafeBytes {
            try check(H5Dwrite(id, T.hdf5MemoryType, orrery_H5S_ALL(), orrery_H5S_ALL(), orrery_H5P_DEFAULT(), $0.baseAddress),
                      "write \(path)")
        }
    }

    /// Writes `values` into the block `offset ..< offset + count`.
    public func write<T: HDF5Element>(_ values: [T], offset: [Int], count: [Int]) throws {
        guard values.count == count.reduce(1, *) else {
            throw HDF5Error.shapeMismatch(path: path, expected: count, found: [values.count])
        }
        try withSelection(offset: offset, count: count) { memory, file in
            try values.withUnsafeBytes {
                try check(H5Dwrite(id, T.hdf5MemoryType, memory, file, orrery_H5P_DEFAULT(), $0.baseAddress), "write part of \(path)")
            }
        }
    }

    private func withSelection(offset: [Int], count: [Int], _ body: (hid_t, hid_t) throws -> Void) throws {
        let shape = try self.shape
        guard offset.count == shape.count, count.count == shape.count,
              zip(zip(offset, count), shape).allSatisfy({ $0.0 >= 0 && $0.1 >= 0 && $0.0 + $0.1 <= $1 }) else {
            throw HDF5Error.shapeMismatch(path: path, expected: shape, found: zip(offset, count).map { $0 + $1 })
        }
        let fileSpace = HDF5Handle.dataspace(try checkID(H5Dget_space(id), "select in \(path)"))
        var start = offset.map { hsize_t($0) }, extent = count.map { hsize_t($0) }
        try check(H5Sselect_hyperslab(fileSpace.id, H5S_SELECT_SET, &start, nil, &extent, nil), "select in \(path)")
        let memorySpace = HDF5Handle.dataspace(try checkID(H5Screate_simple(Int32(extent.count), &extent, nil), "select in \(path)"))
        try body(memorySpace.id, fileSpace.id)
    }

    private func requireNumeric<T: HDF5Element>(for type: T.Type) throws {
        let stored = try dataType
        let allowed = stored.kind == .integer || (stored.kind == .float && (T.self == Double.self))
        guard allowed else { throw HDF5Error.typeMismatch(path: path, expected: T.typeName, found: stored.name) }
    }

    static func extent(of space: hid_t, path: String) throws -> [Int] {
        let rank = H5Sget_simple_extent_ndims(space)
        if rank < 0 { throw HDF5Error.library(operation: "read the shape of \(path)", message: takeHDF5ErrorMessage()) }
        var dims = [hsize_t](repeating: 0, count: Int(rank))
        _ = H5Sget_simple_extent_dims(space, &dims, nil)
        // A declared extent beyond Int.max cannot be real data; refuse it rather than trap converting it.
        guard dims.allSatisfy({ $0 <= hsize_t(Int.max) }) else {
            throw HDF5Error.tooLarge(path: path, shape: dims.map { Int(clamping: $0) }, bytes: nil, limit: HDF5Safety.maximumReadBytes)
        }
        return dims.map { Int($0) }
    }
}
