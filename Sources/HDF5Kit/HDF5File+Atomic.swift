import Foundation

extension HDF5File {
    /// Writes a new file at `path` without ever exposing a partial one.
    ///
    /// `body` fills a temporary file created beside `path` (same directory, so
    /// the final rename is atomic); only when it returns and the file has been
    /// closed cleanly is it renamed over `path`. If `body` throws, or the
    /// process is interrupted, `path` keeps its previous content (or stays
    /// absent) and the temporary file is removed where possible: on a signal when
    /// ``TemporaryFiles/removeOnInterrupt()`` was installed, else by the next
    /// write to the same target (see ``TemporaryFiles``).
    @discardableResult
    public static func writeAtomically<R>(to path: String, _ body: (HDF5File) throws -> R) throws -> R {
        let target = URL(fileURLWithPath: path)
        let directory = target.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw HDF5Error.writeFailed(path: path, reason: "the directory \(directory) does not exist")
        }
        guard FileManager.default.isWritableFile(atPath: directory) else {
            throw HDF5Error.writeFailed(path: path, reason: "the directory \(directory) is not writable")
        }
        TemporaryFiles.removeStale(for: target)
        let temporary = TemporaryFiles.temporaryPath(for: target)
        let slot = TemporaryFiles.register(temporary)
        defer { TemporaryFiles.unregister(slot) }
        let file = try HDF5File.create(at: temporary, overwrite: true)
        do {
            let result = try body(file)
            try file.close()
            guard rename(temporary, path) == 0 else {
                throw HDF5Error.writeFailed(path: path, reason: String(cString: strerror(errno)))
            }
            return result
        } catch {
            try? file.close()
            unlink(temporary)
            throw error
        }
    }
}
