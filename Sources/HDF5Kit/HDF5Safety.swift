import CHDF5
import Foundation

/// The checks every read goes through before HDF5 (or Orrery) touches data:
/// the input is a regular file, sizes fit in memory, and no link or storage
/// layout reaches outside the file that was named.
///
/// A crafted file can declare dimensions whose product overflows or exceeds
/// memory, keep its raw data in external files (so a read would echo any file),
/// point through external links into other files, or map a virtual dataset onto
/// itself. Each is refused here with one clear line, before any allocation.
public enum HDF5Safety {
    /// The largest number of bytes one read may allocate: half of physical memory.
    public static let maximumReadBytes: Int = Int(clamping: ProcessInfo.processInfo.physicalMemory / 2)

    /// Throws unless `path` is a regular file (after following links). A FIFO, device or
    /// socket would block or never end; a directory is not data.
    public static func requireRegularFile(_ path: String) throws {
        var info = stat()
        guard stat(path, &info) == 0 else { throw HDF5Error.fileNotFound(path: path) }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            let kind = switch info.st_mode & S_IFMT {
            case S_IFDIR: "a directory"
            case S_IFIFO: "a FIFO (named pipe)"
            case S_IFCHR, S_IFBLK: "a device"
            case S_IFSOCK: "a socket"
            default: "not a regular file"
            }
            throw HDF5Error.refused(path: path, reason: "is \(kind); give a regular file")
        }
    }

    /// The element count of `shape` times `elementSize` bytes, refusing overflow and sizes beyond
    /// ``maximumReadBytes``. Returns the element count.
    public static func checkedCount(_ shape: [Int], elementSize: Int, path: String) throws -> Int {
        var count = 1
        for extent in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: extent)
            guard extent >= 0, !overflow else { throw HDF5Error.tooLarge(path: path, shape: shape, bytes: nil, limit: maximumReadBytes) }
            count = product
        }
        let (bytes, overflow) = count.multipliedReportingOverflow(by: max(1, elementSize))
        guard !overflow, bytes <= maximumReadBytes else {
            throw HDF5Error.tooLarge(path: path, shape: shape, bytes: overflow ? nil : bytes, limit: maximumReadBytes)
        }
        return count
    }

    /// Link access properties that refuse external links.
    static let linkAccess = makeAccessList(orrery_H5P_LINK_ACCESS())
    /// Group access properties that refuse external links.
    static let groupAccess = makeAccessList(orrery_H5P_GROUP_ACCESS())
    /// Dataset access properties that refuse external links.
    static let datasetAccess = makeAccessList(orrery_H5P_DATASET_ACCESS())

    private static func makeAccessList(_ cls: hid_t) -> hid_t {
        HDF5.ensureInitialized()
        let id = orrery_access_without_external_links(cls)
        return id >= 0 ? id : orrery_H5P_DEFAULT()
    }
}
