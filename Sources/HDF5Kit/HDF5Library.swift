import CHDF5

/// Process-wide facts about the HDF5 C library.
///
/// The library is initialised once, on first use, with its automatic error
/// printing turned off: failures surface as ``HDF5Error`` values carrying
/// HDF5's own message instead of a stack dump on stderr.
public enum HDF5 {
    private static let initialized: Bool = {
        _ = H5open()
        return true
    }()

    /// Makes sure the library is initialised and silent on this thread; every
    /// entry point (and every object's `id`) calls this before touching HDF5.
    @inline(__always) static func ensureInitialized() {
        _ = initialized
        orrery_quiet_errors_on_this_thread()
    }

    /// The version of the linked HDF5 library, e.g. "1.10.8".
    public static var libraryVersion: String {
        ensureInitialized()
        var major: UInt32 = 0, minor: UInt32 = 0, release: UInt32 = 0
        _ = H5get_libversion(&major, &minor, &release)
        return "\(major).\(minor).\(release)"
    }

    /// The number of HDF5 objects (files, groups, datasets, datatypes,
    /// attributes) open in this process. Zero when nothing leaks.
    public static var openObjectCount: Int {
        ensureInitialized()
        let all = orrery_H5F_OBJ_ALL()
        return Int(H5Fget_obj_count(hid_t(all), all))
    }

    /// The number of HDF5 objects open in files at `path` (the files themselves
    /// included); zero once everything from that file has been closed.
    public static func openObjectCount(inFileAt path: String) -> Int {
        ensureInitialized()
        let all = orrery_H5F_OBJ_ALL()
        let fileCount = Int(H5Fget_obj_count(hid_t(all), UInt32(H5F_OBJ_FILE)))
        guard fileCount > 0 else { return 0 }
        var files = [hid_t](repeating: -1, count: fileCount)
        let found = Int(H5Fget_obj_ids(hid_t(all), UInt32(H5F_OBJ_FILE), fileCount, &files))
        var total = 0
        for file in files.prefix(max(0, found)) {
            let length = H5Fget_name(file, nil, 0)
            guard length > 0 else { continue }
            var name = [CChar](repeating: 0, count: Int(length) + 1)
            _ = H5Fget_name(file, &name, name.count)
            if String(decoding: name.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self) == path {
                total += Int(H5Fget_obj_count(file, all))
            }
        }
        return total
    }
}
