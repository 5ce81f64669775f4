import Foundation

/// Refuses to write a result over one of the command's own inputs.
///
/// Orrery writes every file to a temporary name and renames it over the target, so an
/// `--output` that names an input (the same path, a symbolic link to it, or a hard link
/// to the same inode) would silently replace the input; one that names a folder would
/// fail only at the very end. Every command that writes a file calls
/// ``requireDistinct(output:from:)`` before it starts.
enum OutputGuard {
    /// An output that is one of the inputs.
    struct Collision: Error, CustomStringConvertible {
        let output: String
        let input: String
        let role: String
        var description: String {
            let same = output == input ? "is" : "is the same file as"
            return "--output \(output) \(same) the input \(input) (\(role)); writing it would replace the input: choose another --output"
        }
    }

    /// An output that names a folder.
    struct NotAFile: Error, CustomStringConvertible {
        let output: String
        var description: String { "--output \(output) is a folder; name a file (e.g. \(output)/fit.h5)" }
    }

    /// Throws ``NotAFile`` when `output` is a folder, and ``Collision`` when `output` is the same file as one of `inputs` (path, role).
    static func requireDistinct(output: String, from inputs: [(path: String, role: String)]) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: output, isDirectory: &isDirectory), isDirectory.boolValue {
            throw NotAFile(output: output)
        }
        guard let target = identity(of: output) else { return }
        for input in inputs where identity(of: input.path) == target {
            throw Collision(output: output, input: input.path, role: input.role)
        }
    }

    /// The (device, inode) of the file at `path` after following links, or nil when there is none.
    private static func identity(of path: String) -> [UInt64]? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return [UInt64(info.st_dev), UInt64(info.st_ino)]
    }
}
