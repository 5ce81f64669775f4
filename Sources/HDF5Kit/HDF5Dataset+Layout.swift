import CHDF5
import Foundation

extension HDF5Dataset {
    /// Throws unless the dataset's data live in its own file, where HDF5 can check them:
    /// no external raw storage, and for a virtual dataset only sources that exist, are
    /// plain (not themselves virtual) and are not this very file.
    ///
    /// Every read calls this first, so a hostile layout is refused before any of its
    /// values is read (or echoed in an error message), and a merged file whose shards
    /// moved fails with the missing shard's name instead of reading fill values.
    public func requireReadableLayout() throws {
        let plist = HDF5Handle.property(try checkID(H5Dget_create_plist(id), "read the layout of \(path)"))
        let external = H5Pget_external_count(plist.id)
        if external != 0 {
            throw HDF5Error.refused(path: "\(file.path):\(path)",
                                    reason: "its data are stored in external raw files, which Orrery does not read; copy them into the file (h5repack)")
        }
        guard H5Pget_layout(plist.id) == H5D_VIRTUAL else { return }
        var count = 0
        try check(H5Pget_virtual_count(plist.id, &count), "read the sources of \(path)")
        var checked = Set<String>()
        for index in 0..<count {
            let sourceFile = try Self.text { H5Pget_virtual_filename(plist.id, index, $0, $1) }
            let sourceDataset = try Self.text { H5Pget_virtual_dsetname(plist.id, index, $0, $1) }
            guard checked.insert(sourceFile + "\u{0}" + sourceDataset).inserted else { continue }
            try requireSource(file: sourceFile, dataset: sourceDataset)
        }
    }

    private func requireSource(file sourceFile: String, dataset sourceDataset: String) throws {
        let here = "\(file.path):\(path)"
        if sourceFile.contains("%") {
            throw HDF5Error.refused(path: here, reason: "is a virtual dataset with a file-name pattern (\(sourceFile)); Orrery reads only fixed sources")
        }
        if sourceFile == "." {
            let root = try file.root
            guard root.kind(of: sourceDataset) == .dataset else {
                throw HDF5Error.refused(path: here, reason: "is a virtual dataset whose source \(sourceDataset) in the same file is missing")
            }
            guard try !root.dataset(sourceDataset).isVirtual else {
                throw HDF5Error.refused(path: here, reason: "is a virtual dataset mapped onto a virtual dataset of its own file (\(sourceDataset)): circular or chained")
            }
            return
        }
        guard let resolved = Self.resolve(sourceFile, besides: file.path) else {
            throw HDF5Error.refused(path: here, reason: "is a virtual dataset whose source file \(sourceFile) is missing (looked beside \(file.path) and in the working directory): put the shard files back beside the merged file, or merge with --copy")
        }
        if Self.sameFile(resolved, file.path) {
            throw HDF5Error.refused(path: here, reason: "is a virtual dataset that reads from its own file (\(sourceFile)): circular")
        }
        let source = try HDF5File.open(resolved)
        defer { try? source.close() }
        let root = try source.root
        guard root.kind(of: sourceDataset) == .dataset else {
            throw HDF5Error.refused(path: here, reason: "is a virtual dataset whose source \(sourceFile):\(sourceDataset) is missing")
        }
        let dataset = try root.dataset(sourceDataset)
        let plist = HDF5Handle.property(try checkID(H5Dget_create_plist(dataset.id), "read the layout of \(sourceDataset)"))
        guard H5Pget_layout(plist.id) != H5D_VIRTUAL, H5Pget_external_count(plist.id) == 0 else {
            throw HDF5Error.refused(path: here, reason: "is a virtual dataset whose source \(sourceFile):\(sourceDataset) is itself virtual or external: chained layouts are not read")
        }
    }

    /// `name` as HDF5 looks it up: beside the virtual dataset's file first, then as given.
    private static func resolve(_ name: String, besides filePath: String) -> String? {
        let candidates = name.hasPrefix("/") ? [name]
            : [URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent(name).path, name]
        return candidates.first { FileManager.default.fileExists(atPath: $0) }
    }

    private static func sameFile(_ a: String, _ b: String) -> Bool {
        var x = stat(), y = stat()
        return stat(a, &x) == 0 && stat(b, &y) == 0 && x.st_dev == y.st_dev && x.st_ino == y.st_ino
    }

    /// Reads a C string through the usual HDF5 "call with nil for the length, then with a buffer" pattern.
    private static func text(_ call: (UnsafeMutablePointer<CChar>?, Int) -> Int) throws -> String {
        let length = call(nil, 0)
        guard length >= 0, length < 65_536 else { throw HDF5Error.library(operation: "read a virtual source name", message: takeHDF5ErrorMessage()) }
        var buffer = [CChar](repeating: 0, count: length + 1)
        _ = call(&buffer, buffer.count)
        return String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
