/// Gradient clipping by global norm (Pascanu et al. 2013): if ‖g‖₂ > `maxNorm`, g ← g · maxNorm/‖g‖₂.
///
/// The norm is the plain sum of squares (as `torch.nn.utils.clip_grad_norm_` with one tensor); unlike torch
/// no 1e-6 is added to the denominator, so a clipped gradient has norm `maxNorm` to rounding, as in optax's
/// `clip_by_global_norm`.
public struct GlobalNormClipping: Codable, Hashable, Sendable {
    /// The largest allowed Euclidean norm of the gradient.
    public var maxNorm: Double

    public init(maxNorm: Double) throws(OptimizerError) {
        guard maxNorm.isFinite, maxNorm > 0 else {
            throw .invalidHyperparameter(
                optimizer: "GlobalNormClipping", name: "max_norm", value: maxNorm, requirement: "finite and > 0")
        }
        self.maxNorm = maxNorm
    }

    /// Clips `gradient` in place; returns the norm before clipping.
    @inlinable
    @discardableResult
    public func clip(_ gradient: UnsafeMutableBufferPointer<Double>) -> Double {
        var sum = 0.0
        for x in gradient { sum += x * x }
        let norm = sum.squareRoot()
        if norm > maxNorm {
            let scale = maxNorm / norm
            for i in gradient.indices { gradient[i] *= scale }
        }
        return norm
    }

    /// Clips `gradient` in place; returns the norm before clipping.
    @inlinable
    @discardableResult
    public func clip(_ gradient: inout [Double]) -> Double {
        gradient.withUnsafeMutableBufferPointer { clip($0) }
    }

    public var hyperparameters: [Hyperparameter] { [Hyperparameter("max_grad_norm", .number(maxNorm))] }
}
