import Foundation

/// Refuses to write a result over one of its own inputs.
///
/// Orrery writes every file to a temporary name and renames it over the target, so an output path that names an
/// input (the same path, a symbolic link to it, or a hard link to the same inode, compared by device and inode as
/// `stat(2)` reports them) would silently replace the input; one that names a folder would fail only at the very
/// end. Every command that writes a file calls ``requireDistinct(output:from:knob:)`` before it starts.
public enum OutputGuard {
    /// An output that is one of the inputs.
    public struct Collision: Error, Equatable, CustomStringConvertible {
        public let output: String
        public let input: String
        public let role: String
        /// What the caller's user sets the output with (`--output` on the command line).
        public let knob: String
        public var description: String {
            let same = output == input ? "is" : "is the same file as"
            return "\(knob) \(output) \(same) the input \(input) (\(role)); writing it would replace the input: choose another \(knob)"
        }
    }

    /// An output that names a folder.
    public struct NotAFile: Error, Equatable, CustomStringConvertible {
        public let output: String
        public let knob: String
        public var description: String { "\(knob) \(output) is a folder; name a file (e.g. \(output)/fit.h5)" }
    }

    /// Throws ``NotAFile`` when `output` is a folder, and ``Collision`` when `output` is the same file as one of
    /// `inputs` (path, role). `knob` names the setting that chose `output`, for the messages.
    public static func requireDistinct(output: String, from inputs: [(path: String, role: String)], knob: String = "the output") throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: output, isDirectory: &isDirectory), isDirectory.boolValue {
            throw NotAFile(output: output, knob: knob)
        }
        guard let target = identity(of: output) else { return }
        for input in inputs where identity(of: input.path) == target {
            throw Collision(output: output, input: input.path, role: input.role, knob: knob)
        }
    }

    /// The (device, inode) of the file at `path` after following links, or nil when there is none.
    private static func identity(of path: String) -> [UInt64]? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return [UInt64(info.st_dev), UInt64(info.st_ino)]
    }
}
