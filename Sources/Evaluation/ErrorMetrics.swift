/// Errors of predicted against observed values over the observed entries.
///
/// `mse` is the mean of squared errors, `rmse` its square root, `relativeL2`
/// the ratio ‖pred − obs‖₂ / ‖obs‖₂, `maxError` the largest absolute error;
/// `componentRMSE` breaks the RMSE down by state component. NaN where nothing
/// was observed.
public struct ErrorMetrics: Codable, Sendable, Equatable {
    public let count: Int
    public let mse: Double
    public let rmse: Double
    public let relativeL2: Double
    public let maxError: Double
    public let componentRMSE: [Double]

    public init(_ accumulator: ErrorAccumulator) {
        let n = accumulator.counts.reduce(0, +)
        let sum = accumulator.squaredErrors.reduce(0, +), norm = accumulator.squaredObserved.reduce(0, +)
        count = n
        mse = n > 0 ? sum / Double(n) : .nan
        rmse = mse.squareRoot()
        relativeL2 = norm > 0 ? (sum / norm).squareRoot() : .nan
        maxError = n > 0 ? accumulator.maxError : .nan
        componentRMSE = zip(accumulator.squaredErrors, accumulator.counts).map { $1 > 0 ? ($0 / Double($1)).squareRoot() : .nan }
    }
}

/// Running sums from which ``ErrorMetrics`` are computed exactly, per part or pooled.
public struct ErrorAccumulator: Sendable, Equatable {
    public private(set) var squaredErrors: [Double]
    public private(set) var squaredObserved: [Double]
    public private(set) var counts: [Int]
    public private(set) var maxError = 0.0

    /// Sums for `components` state components.
    public init(components: Int) {
        squaredErrors = [Double](repeating: 0, count: components)
        squaredObserved = [Double](repeating: 0, count: components)
        counts = [Int](repeating: 0, count: components)
    }

    /// Adds one prediction of component `k` (ignored when the observation is not finite).
    public mutating func add(predicted: Double, observed: Double, component k: Int) {
        guard observed.isFinite else { return }
        let error = predicted - observed
        squaredErrors[k] += error * error
        squaredObserved[k] += observed * observed
        counts[k] += 1
        maxError = max(maxError, error.isFinite ? abs(error) : .infinity)
    }

    /// Adds another accumulator over the same components.
    public mutating func merge(_ other: ErrorAccumulator) {
        for k in counts.indices {
            squaredErrors[k] += other.squaredErrors[k]
            squaredObserved[k] += other.squaredObserved[k]
            counts[k] += other.counts[k]
        }
        maxError = max(maxError, other.maxError)
    }

    public var metrics: ErrorMetrics { ErrorMetrics(self) }
}
