/// The loss of one trajectory's predictions against its ``Observations``, with its cotangents
/// `∂L/∂prediction`: what every gradient method (ACA, naive, adjoint) differentiates through the solve.
///
/// ``meanSquaredError`` (the default) is the masked, weighted mean of squared errors documented on
/// ``Observations``. A custom loss is a closure over one trajectory (``custom(name:_:)``) or a
/// per-entry penalty `ρ(r)` of the residual `r = ŷ − y` (``elementwise(name:_:)``, e.g. ``huber(delta:)``,
/// Huber 1964). Every loss returns its value as a mean over the trajectory's observed entries and
/// that count: a batch weighs each trajectory by its count (see `BatchGradientResult`).
///
/// Only ``meanSquaredError`` is a sum of squared residuals, so only it feeds least-squares methods
/// (Levenberg–Marquardt, standard errors from the residual Jacobian): ``isSumOfSquares``.
public struct ObservationLoss: Sendable, CustomStringConvertible {
    /// One trajectory's loss: reads `predictions` (row-major `K × dimension`) and `observations`,
    /// writes `∂L/∂predictions` into `cotangents` (same layout, already zeroed), returns the loss
    /// and the number of observed entries it averages over (its weight in a batch).
    public typealias Body = @Sendable (
        _ predictions: UnsafeBufferPointer<Double>, _ observations: Observations, _ dimension: Int,
        _ cotangents: UnsafeMutableBufferPointer<Double>
    ) -> (loss: Double, observedCount: Int)

    /// A short name for reports (`"mse"` for the default).
    public let name: String
    /// `nil`: the built-in mean squared error.
    @usableFromInline let body: Body?

    @usableFromInline init(name: String, body: Body?) {
        self.name = name
        self.body = body
    }

    /// The masked, weighted mean squared error (see ``Observations``): the default everywhere.
    public static let meanSquaredError = ObservationLoss(name: "mse", body: nil)

    /// A loss of your own over one trajectory (see ``Body``); `name` appears in reports.
    public static func custom(name: String, _ body: @escaping Body) -> ObservationLoss {
        ObservationLoss(name: name, body: body)
    }

    /// `L = Σₖ wₖ Σ_d mₖd ρ(ŷₖd − yₖd) / Σₖ Σ_d mₖd`: a per-entry penalty with the same mask, weights
    /// and mean as the squared error (`ρ(r) = r²` gives it back). `penalty` returns `ρ(r)` and `ρ′(r)`.
    public static func elementwise(
        name: String, _ penalty: @escaping @Sendable (_ residual: Double) -> (value: Double, derivative: Double)
    ) -> ObservationLoss {
        ObservationLoss(name: name) { predictions, observations, n, cotangents in
            let k = observations.count
            var count = 0
            for kk in 0..<k { for d in 0..<n where observations.isObserved(kk, d, dimension: n) { count += 1 } }
            guard count > 0 else { return (0, 0) }
            let scale = 1 / Double(count)
            var sum = 0.0
            observations.values.withUnsafeBufferPointer { values in
                for kk in 0..<k {
                    let w = observations.weights?[kk] ?? 1
                    for d in 0..<n where observations.isObserved(kk, d, dimension: n) {
                        let i = kk * n + d
                        let (value, derivative) = penalty(predictions[i] - values[i])
                        sum += w * value
                        cotangents[i] = w * derivative * scale
                    }
                }
            }
            return (sum * scale, count)
        }
    }

    /// Huber's loss (Huber 1964), scaled to match the squared error near zero: `ρ(r) = r²` for
    /// `|r| ≤ δ`, `δ(2|r| − δ)` beyond — quadratic for small residuals, linear for outliers.
    public static func huber(delta: Double) -> ObservationLoss {
        elementwise(name: "huber(delta: \(delta))") { r in
            abs(r) <= delta ? (r * r, 2 * r) : (delta * (2 * abs(r) - delta), 2 * delta * (r < 0 ? -1 : 1))
        }
    }

    /// Whether the loss is the mean squared error, a sum of squared scaled residuals
    /// `r = √(wₖ/N)·(ŷ − y)`: what Levenberg–Marquardt and residual-Jacobian standard errors need.
    public var isSumOfSquares: Bool { body == nil }

    public var description: String { name }

    /// The loss of `predictions` against `observations` and its cotangents, written into
    /// `cotangents` (length `K × dimension`; 0 at unobserved entries).
    @inlinable
    public func lossAndCotangents(
        predictions: UnsafeBufferPointer<Double>, observations: Observations, dimension n: Int,
        cotangents: UnsafeMutableBufferPointer<Double>
    ) -> (loss: Double, observedCount: Int) {
        guard let body else {
            return Self.evaluate(predictions: predictions, observations: observations, dimension: n, cotangents: cotangents)
        }
        for i in 0..<(observations.count * n) { cotangents[i] = 0 }
        return body(predictions, observations, n, cotangents)
    }

    /// The masked, weighted mean squared error of `predictions` (row-major `K × dimension`) against
    /// `observations`, and the number of observed entries. With `cotangents` (length `K × dimension`),
    /// also writes `∂L/∂predictions` there (0 at unobserved entries). No observed entries: loss 0.
    public static func evaluate(
        predictions: UnsafeBufferPointer<Double>, observations: Observations, dimension n: Int,
        cotangents: UnsafeMutableBufferPointer<Double>? = nil
    ) -> (loss: Double, observedCount: Int) {
        let k = observations.count
        var count = 0
        for kk in 0..<k { for d in 0..<n where observations.isObserved(kk, d, dimension: n) { count += 1 } }
        if let cotangents { for i in 0..<(k * n) { cotangents[i] = 0 } }
        guard count > 0 else { return (0, 0) }
        let scale = 1 / Double(count)
        var sum = 0.0
        observations.values.withUnsafeBufferPointer { values in
            for kk in 0..<k {
                let w = observations.weights?[kk] ?? 1
                for d in 0..<n where observations.isObserved(kk, d, dimension: n) {
                    let i = kk * n + d
                    let r = predictions[i] - values[i]
                    sum += w * r * r
                    cotangents?[i] = 2 * w * r * scale
                }
            }
        }
        return (sum * scale, count)
    }

    /// Array convenience for the mean squared error.
    public static func evaluate(predictions: [Double], observations: Observations, dimension: Int) -> (loss: Double, observedCount: Int) {
        predictions.withUnsafeBufferPointer { evaluate(predictions: $0, observations: observations, dimension: dimension) }
    }

    /// Array convenience: this loss of `predictions` (no cotangents kept).
    public func loss(predictions: [Double], observations: Observations, dimension n: Int) -> (loss: Double, observedCount: Int) {
        var cotangents = [Double](repeating: 0, count: observations.count * n)
        return predictions.withUnsafeBufferPointer { p in
            cotangents.withUnsafeMutableBufferPointer {
                lossAndCotangents(predictions: p, observations: observations, dimension: n, cotangents: $0)
            }
        }
    }
}
