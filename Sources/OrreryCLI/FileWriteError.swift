import Foundation

/// A file or folder that could not be written, as one line: the path, the flag that named it,
/// and the system's reason (instead of Foundation's multi-line `NSCocoaErrorDomain` dump).
struct FileWriteError: Error, CustomStringConvertible {
    let path: String
    let flag: String
    let underlying: Error

    var description: String {
        "cannot write \(flag) \(path): \(Self.blockingFile(in: path) ?? Self.reason(underlying)); choose another \(flag)"
    }

    /// "`prefix` is a file, not a folder" when a file stands where the path needs a folder.
    static func blockingFile(in path: String) -> String? {
        var prefix = URL(fileURLWithPath: path).standardizedFileURL
        while prefix.path != "/" {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: prefix.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                return "\(prefix.path) is a file, not a folder"
            }
            prefix.deleteLastPathComponent()
        }
        return nil
    }

    /// The plainest account of `error`: the POSIX reason where there is one.
    static func reason(_ error: Error) -> String {
        let nsError = error as NSError
        if let posix = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, posix.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(posix.code)))
        }
        if nsError.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(nsError.code))) }
        switch nsError.code {
        case NSFileWriteNoPermissionError: return "permission denied"
        case NSFileWriteFileExistsError: return "a file is in the way"
        case NSFileWriteOutOfSpaceError: return "no space left on the device"
        case NSFileNoSuchFileError, NSFileWriteInvalidFileNameError: return "no such folder or an invalid name"
        default:
            let text = nsError.localizedDescription
            return text.contains("\n") || text.contains("NSCocoaErrorDomain") || text.isEmpty ? "the system refused (error \(nsError.code))" : text
        }
    }
}
