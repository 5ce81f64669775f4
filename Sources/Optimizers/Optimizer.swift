/// A first-order optimizer over one flat vector of `Double` parameters.
///
/// An optimizer is a value: its ``configuration`` (the hyperparameters, fixed) and its state (step count and
/// moment buffers, changed by ``step(parameters:gradient:learningRate:)``). The state can be exported with
/// ``state`` and restored with ``restore(_:)``; a run interrupted and restored continues bit for bit.
///
/// Steps take the gradient read-only and update the parameters in place. The learning rate is passed per step
/// so that a ``LearningRateSchedule`` can drive it; the convenience overloads use the configuration's.
/// Steps allocate nothing; their loops run over unsafe buffer pointers.
public protocol Optimizer: Sendable {
    associatedtype Configuration: OptimizerConfiguration

    /// The hyperparameters this optimizer was built with.
    var configuration: Configuration { get }
    /// Length of the parameter vector.
    var parameterCount: Int { get }
    /// Steps taken so far (PyTorch's `state['step']`).
    var stepCount: Int { get }

    /// A fresh optimizer (zero moments, step 0); throws if the configuration is invalid.
    init(configuration: Configuration, parameterCount: Int) throws(OptimizerError)

    /// One update of `parameters` given `gradient` (same length as the parameters) at `learningRate`.
    mutating func step(
        parameters: UnsafeMutableBufferPointer<Double>,
        gradient: UnsafeBufferPointer<Double>,
        learningRate: Double)

    /// The full mutable state, flattened: step count plus named buffers.
    var state: OptimizerState { get }

    /// Replaces the mutable state with a saved one; throws if it was written by another optimizer or shape.
    mutating func restore(_ state: OptimizerState) throws(OptimizerError)
}

extension Optimizer {
    /// An optimizer built from `configuration` and then set to a saved `state`.
    @inlinable
    public init(configuration: Configuration, state: OptimizerState) throws(OptimizerError) {
        let count = state.parameterCount ?? state.buffers.first?.values.count ?? 0
        try self.init(configuration: configuration, parameterCount: count)
        try restore(state)
    }

    /// One update at the configuration's learning rate.
    @inlinable
    public mutating func step(
        parameters: UnsafeMutableBufferPointer<Double>, gradient: UnsafeBufferPointer<Double>
    ) {
        step(parameters: parameters, gradient: gradient, learningRate: configuration.learningRate)
    }

    /// One update of an array of parameters at `learningRate` (the configuration's if `nil`).
    @inlinable
    public mutating func step(parameters: inout [Double], gradient: [Double], learningRate: Double? = nil) {
        let lr = learningRate ?? configuration.learningRate
        parameters.withUnsafeMutableBufferPointer { p in
            gradient.withUnsafeBufferPointer { g in
                step(parameters: p, gradient: g, learningRate: lr)
            }
        }
    }

    /// Checks the sizes every step relies on; a mismatch is a programming error, not a recoverable one.
    @inlinable
    func checkShapes(_ p: UnsafeMutableBufferPointer<Double>, _ g: UnsafeBufferPointer<Double>, _ lr: Double) {
        precondition(p.count == parameterCount,
                     "\(configuration.optimizerName): \(p.count) parameters, optimizer built for \(parameterCount)")
        precondition(g.count == parameterCount,
                     "\(configuration.optimizerName): gradient has \(g.count) entries, expected \(parameterCount)")
        precondition(lr.isFinite && lr >= 0, "\(configuration.optimizerName): learning rate \(lr) must be finite and ≥ 0")
    }
}
