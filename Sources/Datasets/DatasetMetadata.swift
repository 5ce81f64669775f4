import HDF5Kit

/// The root attributes of a schema-v1 dataset: what the data is and what made it.
public struct DatasetMetadata: Sendable, Equatable {
    /// The system's name, e.g. "three-body" or "spiral".
    public var system: String
    /// One label per state component, e.g. ["x1", "y1", …].
    public var stateLabels: [String]
    /// Everything else: generator settings, command, seed, versions (written as attributes).
    public var attributes: [String: HDF5AttributeValue]

    public init(system: String, stateLabels: [String], attributes: [String: HDF5AttributeValue] = [:]) {
        self.system = system
        self.stateLabels = stateLabels
        self.attributes = attributes
    }
}

/// Names fixed by schema v1.
public enum SchemaV1 {
    public static let version: Int64 = 1
    public static let times = "t"
    public static let states = "state"
    public static let trueStates = "state_true"
    public static let mask = "mask"
    public static let initialStates = "initial_state"
    public static let parameters = "parameters"
    public static let trajectoryIDs = "trajectory_id"
    public static let initialTimes = "t0"
    /// Root attributes the reader interprets itself (the rest go to `DatasetMetadata.attributes`).
    static let reservedAttributes: Set<String> = ["schema_version", "kind", "system", "state_labels"]
}
