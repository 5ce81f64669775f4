/// Observed states at arbitrary, irregular times of one trajectory, with a mask for
/// missing values and optional per-time weights.
///
/// The loss is the weighted mean of squared errors over the observed entries:
///
///     L = Σₖ wₖ Σ_d mₖd (ŷₖd − yₖd)² / Σₖ Σ_d mₖd
///
/// (`wₖ = 1` and `mₖd = 1` when absent). Weights scale the terms but not the count, so
/// with unit weights `L` is exactly the mean squared error over observed entries.
/// Unobserved entries may hold anything (NaN in schema-v1 files); they are never read.
public struct Observations: Sendable, Hashable {
    /// Observation times `τ₁ < τ₂ < … < τ_K`, all `≥ t0` (a time equal to `t0` observes the initial state).
    public var times: [Double]
    /// Observed states, row-major `K × dimension`.
    public var values: [Double]
    /// `true` where observed, row-major `K × dimension`; `nil`: everything observed.
    public var mask: [Bool]?
    /// Per-time weights `wₖ ≥ 0` (length `K`); `nil`: all 1.
    public var weights: [Double]?

    public init(times: [Double], values: [Double], mask: [Bool]? = nil, weights: [Double]? = nil) {
        self.times = times
        self.values = values
        self.mask = mask
        self.weights = weights
    }

    /// Number of observation times `K`.
    @inlinable public var count: Int { times.count }

    /// Whether entry `(k, d)` counts, for a state of length `dimension`.
    @inlinable public func isObserved(_ k: Int, _ d: Int, dimension: Int) -> Bool {
        mask?[k * dimension + d] ?? true
    }
}
