import CHDF5

/// What a link in a group points at.
public struct HDF5Member: Equatable, Sendable {
    /// `externalLink`: a link into another file, which Orrery does not follow.
    public enum Kind: String, Sendable, Codable { case group, dataset, namedDatatype, unresolvedLink, externalLink }
    public let name: String
    public let kind: Kind
}

/// A group: a folder of datasets and further groups.
public final class HDF5Group: HDF5Object {
    public let path: String
    /// Keeps the file open while this group is in use.
    public let file: HDF5File
    let handle: HDF5Handle

    public var id: hid_t { HDF5.ensureInitialized(); return handle.id }

    init(file: HDF5File, id: hid_t, path: String) {
        self.file = file
        self.path = path
        self.handle = HDF5Handle(id, closer: H5Gclose)
    }

    static func open(in file: HDF5File, locationID: hid_t, name: String, path: String) throws -> HDF5Group {
        let id = try checkID(H5Gopen2(locationID, name, HDF5Safety.groupAccess), "open group \(path)")
        return HDF5Group(file: file, id: id, path: path)
    }

    /// The absolute path of a member of this group.
    public func childPath(_ name: String) -> String {
        name.hasPrefix("/") ? name : (path == "/" ? "/" + name : path + "/" + name)
    }

    /// Whether `name` (a relative path such as "parameters/masses") exists.
    public func contains(_ name: String) -> Bool {
        var prefix = name.hasPrefix("/") ? "/" : ""
        for component in name.split(separator: "/") {
            prefix += (prefix.isEmpty || prefix == "/" ? "" : "/") + component
            if H5Lexists(id, prefix, HDF5Safety.linkAccess) <= 0 { _ = takeHDF5ErrorMessage(); return false }
        }
        return true
    }

    /// The kind of object at `name`, or nil if there is none.
    public func kind(of name: String) -> HDF5Member.Kind? {
        guard contains(name) else { return nil }
        if orrery_link_type(id, name, HDF5Safety.linkAccess) == Int32(H5L_TYPE_EXTERNAL.rawValue) { return .externalLink }
        var type = H5O_TYPE_UNKNOWN
        guard orrery_object_type(id, name, &type, HDF5Safety.linkAccess) >= 0 else { _ = takeHDF5ErrorMessage(); return .unresolvedLink }
        switch type {
        case H5O_TYPE_GROUP: return .group
        case H5O_TYPE_DATASET: return .dataset
        case H5O_TYPE_NAMED_DATATYPE: return .namedDatatype
        default: return .unresolvedLink
        }
    }

    /// The members of this group in name order.
    public func members() throws -> [HDF5Member] {
        var info = H5G_info_t()
        try check(H5Gget_info(id, &info), "list group \(path)")
        return try (0..<Int(info.nlinks)).map { index in
            let length = H5Lget_name_by_idx(id, ".", H5_INDEX_NAME, H5_ITER_INC, hsize_t(index), nil, 0, orrery_H5P_DEFAULT())
            if length < 0 { throw HDF5Error.library(operation: "list group \(path)", message: takeHDF5ErrorMessage()) }
            var buffer = [CChar](repeating: 0, count: Int(length) + 1)
            _ = H5Lget_name_by_idx(id, ".", H5_INDEX_NAME, H5_ITER_INC, hsize_t(index), &buffer, buffer.count, orrery_H5P_DEFAULT())
            let name = String(decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            return HDF5Member(name: name, kind: kind(of: name) ?? .unresolvedLink)
        }
    }

    /// Opens the group at `name` (a relative or absolute path).
    public func group(_ name: String) throws -> HDF5Group {
        try requireKind(.group, at: name)
        return try HDF5Group.open(in: file, locationID: id, name: name, path: childPath(name))
    }

    /// Creates a group (and any missing intermediate groups) at `name`.
    @discardableResult
    public func createGroup(_ name: String) throws -> HDF5Group {
        try createMissingParents(of: name)
        let links = HDF5Handle.property(try checkID(H5Pcreate(orrery_H5P_LINK_CREATE()), "create link properties"))
        try check(H5Pset_create_intermediate_group(links.id, 1), "allow intermediate groups")
        let create = HDF5Handle.property(try checkID(H5Pcreate(orrery_H5P_GROUP_CREATE()), "create group properties"))
        try check(H5Pset_obj_track_times(create.id, false), "disable time tracking for \(childPath(name))")
        let groupID = try checkID(
            H5Gcreate2(id, name, links.id, create.id, orrery_H5P_DEFAULT()), "create group \(childPath(name))")
        return HDF5Group(file: file, id: groupID, path: childPath(name))
    }

    /// Creates the missing groups on the way to `name` ("a" and "a/b" for "a/b/c"), each with
    /// ``createGroup(_:)``'s properties. HDF5 gives the groups it creates on its own (intermediate
    /// groups) its default properties, which record the time they were made: a file's bytes then
    /// depended on the second it was written in (a report written twice differed 1 time in 30).
    func createMissingParents(of name: String) throws {
        let components = name.split(separator: "/")
        var prefix = name.hasPrefix("/") ? "/" : ""
        for component in components.dropLast() {
            prefix += (prefix.isEmpty || prefix == "/" ? "" : "/") + component
            if H5Lexists(id, prefix, HDF5Safety.linkAccess) > 0 { continue }
            _ = takeHDF5ErrorMessage()
            try createGroup(prefix)
        }
    }

    /// The change time recorded in the header of the object at `name` (seconds since 1970), or nil
    /// when it records none — as in every object Orrery writes, so the same data gives the same bytes.
    public func recordedChangeTime(of name: String) throws -> Int? {
        let time = orrery_object_change_time(id, name, HDF5Safety.linkAccess)
        guard time >= 0 else { throw HDF5Error.library(operation: "read the header of \(childPath(name))", message: takeHDF5ErrorMessage()) }
        return time == 0 ? nil : Int(time)
    }

    /// Opens the group at `name`, creating it if it does not exist.
    public func groupCreatingIfNeeded(_ name: String) throws -> HDF5Group {
        contains(name) ? try group(name) : try createGroup(name)
    }

    /// Opens the dataset at `name` (a relative or absolute path).
    public func dataset(_ name: String) throws -> HDF5Dataset {
        try requireKind(.dataset, at: name)
        let datasetID = try checkID(H5Dopen2(id, name, HDF5Safety.datasetAccess), "open dataset \(childPath(name))")
        return HDF5Dataset(file: file, id: datasetID, path: childPath(name))
    }

    /// Removes the link `name` from this group.
    public func remove(_ name: String) throws {
        guard contains(name) else { throw HDF5Error.missingObject(path: childPath(name)) }
        try check(H5Ldelete(id, name, orrery_H5P_DEFAULT()), "remove \(childPath(name))")
    }

    private func requireKind(_ expected: HDF5Member.Kind, at name: String) throws {
        guard let found = kind(of: name) else { throw HDF5Error.missingObject(path: childPath(name)) }
        if found == .externalLink {
            throw HDF5Error.refused(path: childPath(name), reason: "is an external link into another file; Orrery reads only the file it is given")
        }
        guard found == expected else {
            throw HDF5Error.typeMismatch(path: childPath(name), expected: "a \(expected.rawValue)", found: "a \(found.rawValue)")
        }
    }
}
