import CHDF5
import Foundation

/// Reading and writing string data, shared by attributes and datasets.
///
/// Writes use variable-length UTF-8 (what h5py writes for `str`); reads accept
/// both variable- and fixed-length strings in ASCII or UTF-8.
enum HDF5Strings {
    /// Refuses a file whose variable-length strings point at a damaged global heap — an object index
    /// or length that does not match the heap, an object that runs past its collection — before HDF5
    /// follows them: HDF5 1.10 trusts them and reads or writes past its buffers (the fuzz suite's flipped
    /// bits crashed it there, sometimes only later, in `malloc`). Files with other address sizes, or
    /// whose references cannot be seen, are left to the guarded read alone.
    static func requireSoundReferences(_ source: Source, count: Int, file: String, operation: String) throws {
        var base: UInt64 = 0
        var eightByte: Int32 = 0
        guard count > 0, orrery_file_layout(source.id, &base, &eightByte) == 0, eightByte != 0 else { return }
        let type = orrery_vlen_reference_type()
        guard type >= 0 else { _ = takeHDF5ErrorMessage(); return }
        defer { H5Tclose(type) }
        var references = [UInt8](repeating: 0, count: 16 * count)
        guard references.withUnsafeMutableBytes({ source.read(type, into: $0.baseAddress!) }) >= 0 else {
            _ = takeHDF5ErrorMessage()
            return
        }
        if orrery_vlen_references_are_sound(references, count, file, base) == 0 {
            throw HDF5Error.refused(path: file, reason: "it is damaged: a variable-length string of \(operation.replacingOccurrences(of: "read ", with: "")) points at a damaged or missing global heap object")
        }
    }

    /// The name of the file `object` is in (for errors).
    static func fileName(of object: hid_t) -> String {
        let length = H5Fget_name(object, nil, 0)
        guard length > 0 else { return "the file" }
        var name = [CChar](repeating: 0, count: Int(length) + 1)
        _ = H5Fget_name(object, &name, name.count)
        return String(decoding: name.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// A variable-length UTF-8 string memory type (caller closes it).
    static func variableUTF8Type() throws -> HDF5Handle {
        let type = HDF5Handle.datatype(try checkID(H5Tcopy(orrery_H5T_C_S1()), "copy the string type"))
        try check(H5Tset_size(type.id, orrery_H5T_VARIABLE()), "make a variable-length string type")
        try check(H5Tset_cset(type.id, H5T_CSET_UTF8), "set the UTF-8 character set")
        return type
    }

    /// Calls `body` with an array of C strings for `strings`, valid during the call.
    static func withCStrings<R>(_ strings: [String], _ body: (UnsafeMutableRawPointer) throws -> R) rethrows -> R {
        let duplicates: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
        defer { duplicates.forEach { free($0) } }
        var pointers = duplicates
        return try pointers.withUnsafeMutableBytes { try body($0.baseAddress!) }
    }

    /// Where strings are read from: an attribute, or a whole dataset.
    enum Source {
        case attribute(hid_t)
        case dataset(hid_t)

        var id: hid_t {
            switch self {
            case .attribute(let id), .dataset(let id): id
            }
        }

        func read(_ memoryType: hid_t, into buffer: UnsafeMutableRawPointer) -> herr_t {
            switch self {
            case .attribute(let id): H5Aread(id, memoryType, buffer)
            case .dataset(let id): H5Dread(id, memoryType, orrery_H5S_ALL(), orrery_H5S_ALL(), orrery_H5P_DEFAULT(), buffer)
            }
        }

        /// The same for variable-length strings, guarded against HDF5 crashing on a damaged heap reference
        /// (`orrery_guarded_vlen_read`): -2 when it did.
        func readVariableLength(_ memoryType: hid_t, into buffer: UnsafeMutableRawPointer) -> herr_t {
            switch self {
            case .attribute(let id): orrery_guarded_vlen_read(id, 1, memoryType, buffer)
            case .dataset(let id): orrery_guarded_vlen_read(id, 0, memoryType, buffer)
            }
        }
    }

    /// Reads `count` strings stored with file type `fileType` from `source`.
    static func read(fileType: hid_t, count: Int, operation: String, from source: Source) throws -> [String] {
        if H5Tis_variable_str(fileType) > 0 {
            let file = fileName(of: source.id)
            try requireSoundReferences(source, count: count, file: file, operation: operation)
            let memoryType = try variableUTF8Type()
            try check(H5Tset_cset(memoryType.id, H5Tget_cset(fileType)), operation)
            var pointers = [UnsafeMutablePointer<CChar>?](repeating: nil, count: count)
            let result = pointers.withUnsafeMutableBytes { source.readVariableLength(memoryType.id, into: $0.baseAddress!) }
            if result == -2 {
                // Whatever HDF5 allocated before it crashed is left alone (not freed).
                throw HDF5Error.refused(path: file, reason: "it is damaged: HDF5 crashed trying to \(operation) (a variable-length string points outside its heap)")
            }
            try check(result, operation)
            defer { pointers.forEach { if let p = $0 { H5free_memory(p) } } }
            return pointers.map { $0.map { String(cString: $0) } ?? "" }
        }
        let size = Int(H5Tget_size(fileType))
        let memoryType = HDF5Handle.datatype(try checkID(H5Tcopy(fileType), operation))
        var bytes = [UInt8](repeating: 0, count: max(1, size * count))
        try bytes.withUnsafeMutableBytes { try check(source.read(memoryType.id, into: $0.baseAddress!), operation) }
        return (0..<count).map { index in
            var slice = bytes[(index * size)..<((index + 1) * size)]
            if let end = slice.firstIndex(of: 0) { slice = slice[..<end] }
            while let last = slice.last, last == 0x20, H5Tget_strpad(fileType) == H5T_STR_SPACEPAD {
                slice = slice.dropLast()
            }
            return String(decoding: slice, as: UTF8.self)
        }
    }
}
