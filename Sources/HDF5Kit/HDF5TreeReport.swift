/// The tree of one HDF5 file with the library version that read it: the JSON `orrery inspect --json` prints.
public struct HDF5TreeReport: Encodable, Sendable {
    public let file: String
    public let hdf5Version: String
    public let root: HDF5TreeNode

    /// `root` of `file`, read by this process's HDF5 (``HDF5/libraryVersion``).
    public init(file: String, root: HDF5TreeNode) {
        (self.file, self.hdf5Version, self.root) = (file, HDF5.libraryVersion, root)
    }
}
