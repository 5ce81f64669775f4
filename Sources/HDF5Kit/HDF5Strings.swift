import CHDF5
import Foundation

/// Reading and writing string data, shared by attributes and datasets.
///
/// Writes use variable-length UTF-8 (what h5py writes for `str`); reads accept
/// both variable- and fixed-length strings in ASCII or UTF-8.
enum HDF5Strings {
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

    /// Reads `count` strings stored with file type `fileType`, through `read(memoryType, buffer)`.
    static func read(
        fileType: hid_t, count: Int, operation: String,
        read: (hid_t, UnsafeMutableRawPointer) -> herr_t
    ) throws -> [String] {
        if H5Tis_variable_str(fileType) > 0 {
            let memoryType = try variableUTF8Type()
            try check(H5Tset_cset(memoryType.id, H5Tget_cset(fileType)), operation)
            var pointers = [UnsafeMutablePointer<CChar>?](repeating: nil, count: count)
            try pointers.withUnsafeMutableBytes { try check(read(memoryType.id, $0.baseAddress!), operation) }
            defer { pointers.forEach { if let p = $0 { H5free_memory(p) } } }
            return pointers.map { $0.map { String(cString: $0) } ?? "" }
        }
        let size = Int(H5Tget_size(fileType))
        let memoryType = HDF5Handle.datatype(try checkID(H5Tcopy(fileType), operation))
        var bytes = [UInt8](repeating: 0, count: max(1, size * count))
        try bytes.withUnsafeMutableBytes { try check(read(memoryType.id, $0.baseAddress!), operation) }
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
