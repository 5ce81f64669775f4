import CHDF5

/// A Swift number type that maps one-to-one onto an HDF5 native type.
public protocol HDF5Element: Equatable, Sendable {
    /// The HDF5 native memory type of this Swift type.
    static var hdf5MemoryType: hid_t { get }
    /// The numpy-style name, e.g. "float64".
    static var typeName: String { get }
    /// Zero, for filling buffers.
    static var zero: Self { get }
}

extension Double: HDF5Element {
    public static var hdf5MemoryType: hid_t { HDF5.ensureInitialized(); return orrery_H5T_NATIVE_DOUBLE() }
    public static var typeName: String { "float64" }
    public static var zero: Double { 0 }
}

extension Int64: HDF5Element {
    public static var hdf5MemoryType: hid_t { HDF5.ensureInitialized(); return orrery_H5T_NATIVE_INT64() }
    public static var typeName: String { "int64" }
    public static var zero: Int64 { 0 }
}

extension Int32: HDF5Element {
    public static var hdf5MemoryType: hid_t { HDF5.ensureInitialized(); return orrery_H5T_NATIVE_INT32() }
    public static var typeName: String { "int32" }
    public static var zero: Int32 { 0 }
}

extension UInt8: HDF5Element {
    public static var hdf5MemoryType: hid_t { HDF5.ensureInitialized(); return orrery_H5T_NATIVE_UINT8() }
    public static var typeName: String { "uint8" }
    public static var zero: UInt8 { 0 }
}
