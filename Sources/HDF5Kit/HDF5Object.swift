import CHDF5

/// A group or dataset: something with a path that can carry attributes.
public protocol HDF5Object: AnyObject {
    /// The object's HDF5 identifier (valid while the object and its file are open).
    var id: hid_t { get }
    /// The object's absolute path inside its file, e.g. "/parameters/masses".
    var path: String { get }
}

extension HDF5Object {
    /// Whether an attribute of this name exists.
    public func hasAttribute(_ name: String) -> Bool {
        H5Aexists(id, name) > 0
    }

    /// The names of all attributes, in creation/name order as HDF5 lists them.
    public func attributeNames() throws -> [String] {
        let count = orrery_attribute_count(id)
        if count < 0 { throw HDF5Error.library(operation: "count the attributes of \(path)", message: takeHDF5ErrorMessage()) }
        return try (0..<Int(count)).map { index in
            let attribute = HDF5Handle.attribute(try checkID(
                H5Aopen_by_idx(id, ".", H5_INDEX_NAME, H5_ITER_INC, hsize_t(index), orrery_H5P_DEFAULT(), orrery_H5P_DEFAULT()),
                "open attribute #\(index) of \(path)"))
            let length = H5Aget_name(attribute.id, 0, nil)
            var buffer = [CChar](repeating: 0, count: Int(max(0, length)) + 1)
            _ = H5Aget_name(attribute.id, buffer.count, &buffer)
            return String(decoding: buffer.prefix(Int(max(0, length))).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
    }

    /// All attributes with their values, in name order.
    public func attributes() throws -> [(name: String, value: HDF5AttributeValue)] {
        try attributeNames().map { ($0, try attribute($0)) }
    }

    /// Reads one attribute.
    public func attribute(_ name: String) throws -> HDF5AttributeValue {
        guard hasAttribute(name) else { throw HDF5Error.missingObject(path: "\(path)@\(name)") }
        let where_ = "\(path)@\(name)"
        let attribute = HDF5Handle.attribute(try checkID(H5Aopen(id, name, orrery_H5P_DEFAULT()), "open attribute \(where_)"))
        let type = HDF5Handle.datatype(try checkID(H5Aget_type(attribute.id), "read the type of \(where_)"))
        let space = HDF5Handle.dataspace(try checkID(H5Aget_space(attribute.id), "read the shape of \(where_)"))
        let described = HDF5DataType(typeID: type.id)
        // An empty attribute (null dataspace, h5py's `Empty`) holds no value at all.
        if H5Sget_simple_extent_type(space.id) == H5S_NULL { return .unsupported("empty \(described.name)") }
        let rank = H5Sget_simple_extent_ndims(space.id)
        let points = H5Sget_simple_extent_npoints(space.id)
        guard rank >= 0, points >= 0 else { throw HDF5Error.library(operation: "read the shape of \(where_)", message: takeHDF5ErrorMessage()) }
        let count = try HDF5Safety.checkedCount([Int(points)], elementSize: max(8, described.size), path: where_)
        let isScalar = rank == 0
        guard !isScalar || count == 1 else { return .unsupported("empty \(described.name)") }
        switch described.kind {
        case .float:
            var values = [Double](repeating: 0, count: count)
            try check(H5Aread(attribute.id, orrery_H5T_NATIVE_DOUBLE(), &values), "read \(where_)")
            return isScalar ? .double(values[0]) : .doubles(values)
        case .integer:
            var values = [Int64](repeating: 0, count: count)
            try check(H5Aread(attribute.id, orrery_H5T_NATIVE_INT64(), &values), "read \(where_)")
            return isScalar ? .integer(values[0]) : .integers(values)
        case .string:
            let values = try HDF5Strings.read(fileType: type.id, count: count, operation: "read \(where_)",
                                              from: .attribute(attribute.id))
            return isScalar ? .string(values.first ?? "") : .strings(values)
        case .enumeration:
            // h5py stores numpy bools as an enum over int8; read the raw codes.
            let base = HDF5Handle.datatype(try checkID(H5Tget_super(type.id), "read the base type of \(where_)"))
            guard H5Tget_class(base.id) == H5T_INTEGER, described.size <= 8 else { return .unsupported(described.name) }
            let memoryType = HDF5Handle.datatype(try checkID(H5Tcopy(type.id), "read \(where_)"))
            var bytes = [UInt8](repeating: 0, count: count * described.size)
            try bytes.withUnsafeMutableBytes { try check(H5Aread(attribute.id, memoryType.id, $0.baseAddress), "read \(where_)") }
            let signed = H5Tget_sign(base.id) != H5T_SGN_NONE
            let values = (0..<count).map { index in
                Self.integer(littleEndian: bytes[(index * described.size)..<((index + 1) * described.size)], signed: signed)
            }
            return isScalar ? .integer(values[0]) : .integers(values)
        default:
            return .unsupported(described.name)
        }
    }

    private static func integer(littleEndian bytes: ArraySlice<UInt8>, signed: Bool) -> Int64 {
        var raw: UInt64 = 0
        for (shift, byte) in bytes.enumerated() { raw |= UInt64(byte) << (8 * UInt64(shift)) }
        let bits = bytes.count * 8
        if signed && bits < 64 && raw & (1 << UInt64(bits - 1)) != 0 { raw |= ~0 << UInt64(bits) }
        return Int64(bitPattern: raw)
    }

    /// Writes (or replaces) an attribute.
    public func setAttribute(_ name: String, _ value: HDF5AttributeValue) throws {
        let where_ = "\(path)@\(name)"
        if hasAttribute(name) { try check(H5Adelete(id, name), "replace attribute \(where_)") }
        switch value {
        case .double(let number):
            try writeAttribute(name, [number], scalar: true, type: orrery_H5T_NATIVE_DOUBLE())
        case .doubles(let numbers):
            try writeAttribute(name, numbers, scalar: false, type: orrery_H5T_NATIVE_DOUBLE())
        case .integer(let number):
            try writeAttribute(name, [number], scalar: true, type: orrery_H5T_NATIVE_INT64())
        case .integers(let numbers):
            try writeAttribute(name, numbers, scalar: false, type: orrery_H5T_NATIVE_INT64())
        case .string(let text):
            try writeStringAttribute(name, [text], scalar: true)
        case .strings(let texts):
            try writeStringAttribute(name, texts, scalar: false)
        case .unsupported(let typeName):
            throw HDF5Error.typeMismatch(path: where_, expected: "a number or string value", found: typeName)
        }
    }

    private func createAttribute(_ name: String, type: hid_t, count: Int, scalar: Bool) throws -> HDF5Handle {
        var dims = [hsize_t(count)]
        let space = HDF5Handle.dataspace(try checkID(
            scalar ? H5Screate(H5S_SCALAR) : H5Screate_simple(1, &dims, nil), "create the shape of \(path)@\(name)"))
        return HDF5Handle.attribute(try checkID(
            H5Acreate2(id, name, type, space.id, orrery_H5P_DEFAULT(), orrery_H5P_DEFAULT()),
            "create attribute \(path)@\(name)"))
    }

    private func writeAttribute<T>(_ name: String, _ values: [T], scalar: Bool, type: hid_t) throws {
        let attribute = try createAttribute(name, type: type, count: values.count, scalar: scalar)
        try values.withUnsafeBytes { try check(H5Awrite(attribute.id, type, $0.baseAddress), "write \(path)@\(name)") }
    }

    private func writeStringAttribute(_ name: String, _ values: [String], scalar: Bool) throws {
        let type = try HDF5Strings.variableUTF8Type()
        let attribute = try createAttribute(name, type: type.id, count: values.count, scalar: scalar)
        try HDF5Strings.withCStrings(values) { try check(H5Awrite(attribute.id, type.id, $0), "write \(path)@\(name)") }
    }
}
