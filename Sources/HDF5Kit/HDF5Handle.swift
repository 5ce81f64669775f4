import CHDF5

/// Owns one HDF5 identifier and closes it exactly once: explicitly through
/// `close()` or, failing that, when the last reference goes away.
final class HDF5Handle {
    private(set) var id: hid_t
    private let closer: (hid_t) -> herr_t

    init(_ id: hid_t, closer: @escaping (hid_t) -> herr_t) {
        self.id = id
        self.closer = closer
    }

    /// Closes the identifier; later calls do nothing.
    @discardableResult
    func close() -> herr_t {
        guard id >= 0 else { return 0 }
        // An object already closed by a strong file close is no longer valid; skip it.
        let status = H5Iis_valid(id) > 0 ? closer(id) : 0
        id = -1
        return status
    }

    deinit { close() }

    static func dataspace(_ id: hid_t) -> HDF5Handle { HDF5Handle(id, closer: H5Sclose) }
    static func datatype(_ id: hid_t) -> HDF5Handle { HDF5Handle(id, closer: H5Tclose) }
    static func property(_ id: hid_t) -> HDF5Handle { HDF5Handle(id, closer: H5Pclose) }
    static func attribute(_ id: hid_t) -> HDF5Handle { HDF5Handle(id, closer: H5Aclose) }
}
