import CHDF5

/// What a dataset or attribute stores, described for people and for dispatch.
public struct HDF5DataType: Equatable, Sendable, Codable {
    /// The type class.
    public enum Kind: String, Sendable, Codable {
        case float, integer, string, enumeration, compound, other
    }

    public let kind: Kind
    /// Bytes per element (for variable-length strings, the pointer size).
    public let size: Int
    /// Signedness, for integers.
    public let isSigned: Bool
    /// True for variable-length strings.
    public let isVariableLength: Bool
    /// A numpy-like name: "float64", "int32", "uint8", "string (variable, utf-8)", …
    public let name: String

    /// Describes the datatype behind `typeID`.
    init(typeID: hid_t) {
        let typeClass = H5Tget_class(typeID)
        let size = Int(H5Tget_size(typeID))
        self.size = size
        switch typeClass {
        case H5T_FLOAT:
            kind = .float; isSigned = true; isVariableLength = false
            name = "float\(size * 8)"
        case H5T_INTEGER:
            kind = .integer; isVariableLength = false
            isSigned = H5Tget_sign(typeID) != H5T_SGN_NONE
            name = (isSigned ? "int" : "uint") + "\(size * 8)"
        case H5T_STRING:
            kind = .string; isSigned = false
            isVariableLength = H5Tis_variable_str(typeID) > 0
            let charset = H5Tget_cset(typeID) == H5T_CSET_UTF8 ? "utf-8" : "ascii"
            name = isVariableLength ? "string (variable, \(charset))" : "string (\(size) bytes, \(charset))"
        case H5T_ENUM:
            kind = .enumeration; isSigned = false; isVariableLength = false
            let members = H5Tget_nmembers(typeID)
            let names = (0..<max(0, members)).compactMap { index -> String? in
                guard let raw = H5Tget_member_name(typeID, UInt32(index)) else { return nil }
                defer { H5free_memory(raw) }
                return String(cString: raw)
            }
            name = names == ["FALSE", "TRUE"] ? "bool (enum)" : "enum(\(names.joined(separator: ", ")))"
        case H5T_COMPOUND:
            kind = .compound; isSigned = false; isVariableLength = false
            let members = H5Tget_nmembers(typeID)
            let fields = (0..<max(0, members)).map { index -> String in
                let memberType = H5Tget_member_type(typeID, UInt32(index))
                defer { if memberType >= 0 { H5Tclose(memberType) } }
                let fieldName = H5Tget_member_name(typeID, UInt32(index)).map { raw -> String in
                    defer { H5free_memory(raw) }
                    return String(cString: raw)
                } ?? "?"
                return "\(fieldName): \(memberType >= 0 ? HDF5DataType(typeID: memberType).name : "?")"
            }
            name = "compound{\(fields.joined(separator: ", "))}"
        default:
            kind = .other; isSigned = false; isVariableLength = false
            name = Self.otherClassName(typeClass)
        }
    }

    private static func otherClassName(_ typeClass: H5T_class_t) -> String {
        switch typeClass {
        case H5T_TIME: return "time"
        case H5T_BITFIELD: return "bitfield"
        case H5T_OPAQUE: return "opaque"
        case H5T_REFERENCE: return "reference"
        case H5T_VLEN: return "variable-length sequence"
        case H5T_ARRAY: return "array"
        default: return "unknown type"
        }
    }
}
