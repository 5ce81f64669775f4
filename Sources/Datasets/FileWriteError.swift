import Foundation

/// A file or folder that could not be written, as one line: the path, the knob that named it (a flag such as
/// `--plots` on the command line), and the system's reason (`strerror(3)` where there is a POSIX one) instead of
/// Foundation's multi-line `NSCocoaErrorDomain` dump.
public struct FileWriteError: Error, CustomStringConvertible {
    public let path: String
    public let knob: String
    public let underlying: Error

    public init(path: String, knob: String, underlying: Error) {
        self.path = path
        self.knob = knob
        self.underlying = underlying
    }

    public var description: String {
        "cannot write \(knob) \(path): \(Self.blockingFile(in: path) ?? Self.reason(underlying)); choose another \(knob)"
    }

    /// "`prefix` is a file, not a folder" when a file stands where the path needs a folder.
    public static func blockingFile(in path: String) -> String? {
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
    public static func reason(_ error: Error) -> String {
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
