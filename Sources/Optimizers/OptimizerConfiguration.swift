/// The hyperparameters of one optimizer: a plain value, with no defaults hidden in the optimizer.
///
/// A configuration is recorded next to every result (``hyperparameters``) and validated before any step is
/// taken (``validate()``), so an invalid knob fails loudly at construction instead of producing NaNs later.
public protocol OptimizerConfiguration: Codable, Hashable, Sendable {
    /// The optimizer's name as written into result files, e.g. `"AdaBelief"` or `"AdamW"`.
    var optimizerName: String { get }
    /// The base learning rate (a ``LearningRateSchedule`` scales it per step).
    var learningRate: Double { get set }
    /// Every hyperparameter, in a fixed order, named as in the reference implementation.
    var hyperparameters: [Hyperparameter] { get }
    /// Throws ``OptimizerError`` naming the first invalid hyperparameter.
    func validate() throws(OptimizerError)
}

extension OptimizerConfiguration {
    /// One line such as `AdaBelief(lr=0.001, beta1=0.9, …)`, for logs and report tables.
    public var summary: String {
        "\(optimizerName)(" + hyperparameters.map(\.description).joined(separator: ", ") + ")"
    }
}

/// How `a·b + c` is rounded inside the update kernels.
///
/// `.separate` rounds the product and then the sum (the IEEE-754 meaning of the formulas as written in the
/// papers and in PyTorch's Python code; fast and vectorised on every CPU). `.fused` rounds once, as PyTorch's
/// CPU kernels do when built for AVX2/FMA (they contract `a + α·b`, `addcmul` and `lerp` into FMA); use it to
/// reproduce such a run bit for bit. On x86-64 without `-Xswiftc -target-cpu` it calls libm's `fma` per
/// element and is several times slower, so it is meant for verification, not for training.
public enum MultiplyAddRounding: String, Codable, Hashable, Sendable, CaseIterable {
    case separate
    case fused
}

// MARK: - Validation helpers shared by the configurations.

@usableFromInline
enum Check {
    static func nonNegative(_ x: Double, _ name: String, _ optimizer: String) throws(OptimizerError) {
        guard x.isFinite, x >= 0 else {
            throw .invalidHyperparameter(optimizer: optimizer, name: name, value: x, requirement: "finite and ≥ 0")
        }
    }

    static func beta(_ x: Double, _ name: String, _ optimizer: String) throws(OptimizerError) {
        guard x >= 0, x < 1 else {
            throw .invalidHyperparameter(optimizer: optimizer, name: name, value: x, requirement: "in [0, 1)")
        }
    }
}
