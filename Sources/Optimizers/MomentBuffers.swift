/// The state every first-order optimizer here keeps: a step count and named per-parameter
/// moment arrays (`exp_avg`, `exp_avg_sq`, `momentum_buffer`, …, named as PyTorch's
/// `state_dict` names them), with the saving and restoring of ``OptimizerState`` in one place.
/// Adam, AdamW, AdaBelief, RAdam and SGD keep only their update kernels and hand them the
/// arrays as buffers (``withBuffers(_:)``).
///
/// The arrays live in one contiguous block, `names.count × parameterCount`, in the order of
/// `names`; ``state`` and ``restore(_:)`` list them in that order, so states saved by the
/// optimizers before this type existed restore unchanged.
public struct MomentBuffers: Sendable, Hashable {
    /// ``OptimizerConfiguration/optimizerName`` of the owner: written into and checked against states.
    public let optimizer: String
    /// The buffer names, in storage (and state) order.
    public let names: [String]
    public let parameterCount: Int
    /// Steps taken so far.
    public var step: Int = 0
    @usableFromInline var storage: [Double]

    /// Zeroed buffers `names` of `parameterCount` values each for `optimizer`.
    public init(optimizer: String, names: [String], parameterCount: Int) {
        self.optimizer = optimizer
        self.names = names
        self.parameterCount = parameterCount
        storage = [Double](repeating: 0, count: names.count * parameterCount)
    }

    /// The buffer called `name`, if there is one.
    public subscript(name: String) -> ArraySlice<Double>? {
        guard let i = names.firstIndex(of: name) else { return nil }
        return storage[(i * parameterCount)..<((i + 1) * parameterCount)]
    }

    /// The step count and every buffer, for saving.
    public var state: OptimizerState {
        OptimizerState(
            optimizer: optimizer, step: step,
            buffers: names.indices.map { .init(name: names[$0], values: Array(self[names[$0]]!)) },
            parameterCount: parameterCount)
    }

    /// Continues from a saved state.
    /// - Throws: ``OptimizerError/stateMismatch(optimizer:reason:)`` when `state` was written by another
    ///   optimizer or for another parameter count, or its buffers are not exactly `names`.
    public mutating func restore(_ state: OptimizerState) throws(OptimizerError) {
        let buffers = try state.validatedBuffers(optimizer: optimizer, names: names, count: parameterCount)
        step = state.step
        storage = Array(buffers.joined())
    }

    /// Runs `body` with buffers `0, 1, 2` of the block (an empty buffer where there are fewer).
    @inlinable
    public mutating func withBuffers<R>(_ body: (Pointers) throws -> R) rethrows -> R {
        let n = parameterCount, count = names.count
        return try storage.withUnsafeMutableBufferPointer { block in
            try body(Pointers(base: block.baseAddress, parameterCount: n, count: count))
        }
    }

    /// The buffers of one ``withBuffers(_:)`` call.
    public struct Pointers {
        @usableFromInline let base: UnsafeMutablePointer<Double>?
        @usableFromInline let parameterCount: Int
        @usableFromInline let count: Int

        @inlinable
        init(base: UnsafeMutablePointer<Double>?, parameterCount: Int, count: Int) {
            self.base = base
            self.parameterCount = parameterCount
            self.count = count
        }

        /// Buffer `i` (in the order of `names`), or an empty buffer when there is none.
        @inlinable
        public subscript(i: Int) -> UnsafeMutableBufferPointer<Double> {
            guard i < count, let base else { return UnsafeMutableBufferPointer(start: nil, count: 0) }
            return UnsafeMutableBufferPointer(start: base + i * parameterCount, count: parameterCount)
        }
    }
}
