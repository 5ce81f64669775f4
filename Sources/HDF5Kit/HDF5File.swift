import CHDF5
import Foundation

/// An open HDF5 file.
///
/// Files are opened with HDF5's *strong* close degree: `close()` (or the last
/// reference going away) closes every group, dataset and attribute still open
/// in the file, so a closed file is fully flushed and no handle leaks.
///
/// HDF5's advisory file locks (flock) are turned off. Orrery never writes a
/// file in place (see ``writeAtomically(to:_:)``), so the locks protect nothing
/// here, while they fail on cluster file systems without flock (Lustre, some
/// NFS) and are held by any child process that inherits the descriptor.
public final class HDF5File {
    /// How an existing file is opened.
    public enum Mode: Sendable { case readOnly, readWrite }

    /// The path the file was opened or created at.
    public let path: String
    let handle: HDF5Handle

    private init(path: String, id: hid_t) {
        self.path = path
        self.handle = HDF5Handle(id, closer: H5Fclose)
    }

    /// The file's identifier.
    public var id: hid_t { HDF5.ensureInitialized(); return handle.id }

    /// Creates a new file, replacing an existing one only when `overwrite` is true.
    ///
    /// New files use the HDF5 1.10 format (readable by HDF5 ≥ 1.10 and h5py), whose metadata
    /// carry checksums, so a damaged file is an error rather than a crash or a wrong value.
    public static func create(at path: String, overwrite: Bool = false) throws -> HDF5File {
        HDF5.ensureInitialized()
        let access = try strongCloseAccessList()
        try check(orrery_use_checksummed_format(access.id), "choose the checksummed file format")
        // The 1.10 format's root group header would record creation times: same data, same bytes.
        let creation = HDF5Handle.property(try checkID(H5Pcreate(orrery_H5P_FILE_CREATE()), "create file-creation properties"))
        try check(H5Pset_obj_track_times(creation.id, false), "disable time tracking for the root group")
        let flags = overwrite ? orrery_H5F_ACC_TRUNC() : orrery_H5F_ACC_EXCL()
        let id = H5Fcreate(path, flags, creation.id, access.id)
        if id < 0 {
            let message = takeHDF5ErrorMessage()
            if !overwrite && FileManager.default.fileExists(atPath: path) {
                throw HDF5Error.writeFailed(path: path, reason: "the file exists (pass overwrite to replace it)")
            }
            throw HDF5Error.writeFailed(path: path, reason: message.isEmpty ? "cannot create the file" : message)
        }
        return HDF5File(path: path, id: id)
    }

    /// Opens an existing file.
    public static func open(_ path: String, mode: Mode = .readOnly) throws -> HDF5File {
        HDF5.ensureInitialized()
        try HDF5Safety.requireRegularFile(path)
        let isHDF5 = H5Fis_hdf5(path)
        _ = takeHDF5ErrorMessage()
        guard isHDF5 > 0 else { throw HDF5Error.notHDF5(path: path) }
        let access = try strongCloseAccessList()
        let flags = mode == .readOnly ? orrery_H5F_ACC_RDONLY() : orrery_H5F_ACC_RDWR()
        let id = H5Fopen(path, flags, access.id)
        if id < 0 {
            throw HDF5Error.library(operation: "open \(path)", message: takeHDF5ErrorMessage())
        }
        return HDF5File(path: path, id: id)
    }

    /// The root group "/".
    public var root: HDF5Group {
        get throws { try HDF5Group.open(in: self, locationID: id, name: "/", path: "/") }
    }

    /// Flushes everything written so far to disk.
    public func flush() throws {
        try check(H5Fflush(id, H5F_SCOPE_GLOBAL), "flush \(path)")
    }

    /// Closes the file and everything still open in it. Later calls do nothing.
    public func close() throws {
        guard handle.id >= 0 else { return }
        let status = handle.close()
        if status < 0 { throw HDF5Error.library(operation: "close \(path)", message: takeHDF5ErrorMessage()) }
    }

    private static func strongCloseAccessList() throws -> HDF5Handle {
        let access = HDF5Handle.property(try checkID(H5Pcreate(orrery_H5P_FILE_ACCESS()), "create file-access properties"))
        try check(H5Pset_fclose_degree(access.id, H5F_CLOSE_STRONG), "set the close degree")
        try check(H5Pset_file_locking(access.id, false, true), "turn off file locking")
        return access
    }
}
