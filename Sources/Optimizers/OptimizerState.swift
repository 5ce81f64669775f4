/// The complete mutable state of an optimizer, flattened for saving: the step count plus named `Double` arrays.
///
/// Restoring it with ``Optimizer/restore(_:)`` (or the optimizer's `init(configuration:state:)`) continues a run
/// bit for bit. Buffer names follow the reference implementations (`exp_avg`, `exp_avg_var`, `momentum_buffer`, …),
/// so a state can be written as one HDF5 dataset per buffer plus a `step` attribute and compared with a
/// PyTorch `state_dict`.
public struct OptimizerState: Codable, Hashable, Sendable {
    /// One named state array, the same length as the parameter vector.
    public struct Buffer: Codable, Hashable, Sendable {
        public var name: String
        public var values: [Double]

        public init(name: String, values: [Double]) {
            self.name = name
            self.values = values
        }
    }

    /// The optimizer that wrote this state (``OptimizerConfiguration/optimizerName``).
    public var optimizer: String
    /// Number of steps taken so far.
    public var step: Int
    /// The state arrays, in a fixed order chosen by the optimizer.
    public var buffers: [Buffer]
    /// The length of the parameter vector the state belongs to. Recorded because an optimizer
    /// without buffers (SGD without momentum) could not tell it otherwise; nil in states saved
    /// before it was recorded, where the buffers' length stands in.
    public var parameterCount: Int?

    public init(optimizer: String, step: Int, buffers: [Buffer], parameterCount: Int? = nil) {
        self.optimizer = optimizer
        self.step = step
        self.buffers = buffers
        self.parameterCount = parameterCount
    }

    /// The buffer with this name, if present.
    public subscript(name: String) -> [Double]? {
        buffers.first { $0.name == name }?.values
    }

    /// Checks that this state belongs to `optimizer` and has exactly the buffers `names`, each of `count` values;
    /// returns them in the order of `names`.
    func validatedBuffers(
        optimizer expected: String, names: [String], count: Int
    ) throws(OptimizerError) -> [[Double]] {
        guard optimizer == expected else {
            throw .stateMismatch(optimizer: expected, reason: "the state was written by \(optimizer)")
        }
        guard step >= 0 else {
            throw .stateMismatch(optimizer: expected, reason: "negative step count \(step)")
        }
        if let parameterCount, parameterCount != count {
            throw .stateMismatch(optimizer: expected, reason: "the state is for \(parameterCount) parameters, expected \(count)")
        }
        guard buffers.map(\.name) == names else {
            throw .stateMismatch(
                optimizer: expected,
                reason: "expected buffers \(names), found \(buffers.map(\.name))")
        }
        for b in buffers where b.values.count != count {
            throw .stateMismatch(
                optimizer: expected,
                reason: "buffer \(b.name) has \(b.values.count) values, expected \(count)")
        }
        return buffers.map(\.values)
    }
}
