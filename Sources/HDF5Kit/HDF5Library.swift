import CHDF5

/// Process-wide facts about the HDF5 C library.
///
/// The library is initialised once, on first use, with its automatic error
/// printing turned off: failures surface as ``HDF5Error`` values carrying
/// HDF5's own message instead of a stack dump on stderr.
public enum HDF5 {
    private static let initialized: Bool = {
        _ = H5open()
        _ = H5Eset_auto2(orrery_H5E_DEFAULT(), nil, nil)
        return true
    }()

    /// Makes sure the library is initialised; every entry point calls this.
    @inline(__always) static func ensureInitialized() { _ = initialized }

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
}
