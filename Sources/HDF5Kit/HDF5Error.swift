import CHDF5

/// A failure reading or writing HDF5, with the file or object it concerns.
public enum HDF5Error: Error, CustomStringConvertible, Equatable {
    /// No file exists at the path.
    case fileNotFound(path: String)
    /// The file exists but is not an HDF5 file (or its superblock is damaged).
    case notHDF5(path: String)
    /// A call into the HDF5 library failed; `message` is HDF5's own account.
    case library(operation: String, message: String)
    /// A group, dataset or attribute named in a path does not exist.
    case missingObject(path: String)
    /// An object exists but is of another kind or element type than asked for.
    case typeMismatch(path: String, expected: String, found: String)
    /// Data of the wrong size or shape for the target.
    case shapeMismatch(path: String, expected: [Int], found: [Int])
    /// The file could not be written to its destination.
    case writeFailed(path: String, reason: String)
    /// The file or object is refused as input (not a regular file, external storage or links,
    /// a virtual dataset whose sources are missing or circular); no data of it is shown.
    case refused(path: String, reason: String)
    /// A declared size overflows or exceeds the memory one read may use (`bytes` nil on overflow).
    case tooLarge(path: String, shape: [Int], bytes: Int?, limit: Int)

    public var description: String {
        switch self {
        case .fileNotFound(let path):
            return "no such file: \(path)"
        case .notHDF5(let path):
            return "not an HDF5 file (or its header is damaged): \(path)"
        case .library(let operation, let message):
            return message.isEmpty ? "HDF5 failed to \(operation)" : "HDF5 failed to \(operation): \(message)"
        case .missingObject(let path):
            return "no such object in the file: \(path)"
        case .typeMismatch(let path, let expected, let found):
            return "\(path) holds \(found), expected \(expected)"
        case .shapeMismatch(let path, let expected, let found):
            return "\(path) has shape \(found), expected \(expected)"
        case .writeFailed(let path, let reason):
            return "cannot write \(path): \(reason)"
        case .refused(let path, let reason):
            return "refused \(path): \(reason)"
        case .tooLarge(let path, let shape, let bytes, let limit):
            let size = bytes.map { String(format: "%.3g GB", Double($0) / 1e9) } ?? "more bytes than an Int can count"
            return "\(path) declares shape \(shape), \(size); one read may use at most \(String(format: "%.3g GB", Double(limit) / 1e9)) (half of this machine's memory): the file is damaged or too large to load whole"
        }
    }
}

/// Takes HDF5's error stack for this thread as one line (and clears it).
func takeHDF5ErrorMessage() -> String {
    var buffer = [CChar](repeating: 0, count: 2048)
    let length = buffer.withUnsafeMutableBufferPointer { orrery_take_error_stack($0.baseAddress, $0.count) }
    return length == 0 ? "" : String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

/// Throws `HDF5Error.library` when an HDF5 call returned a negative status.
func check(_ status: herr_t, _ operation: @autoclosure () -> String) throws {
    if status < 0 { throw HDF5Error.library(operation: operation(), message: takeHDF5ErrorMessage()) }
}

/// Throws `HDF5Error.library` when an HDF5 call returned an invalid identifier.
func checkID(_ id: hid_t, _ operation: @autoclosure () -> String) throws -> hid_t {
    if id < 0 { throw HDF5Error.library(operation: operation(), message: takeHDF5ErrorMessage()) }
    return id
}
