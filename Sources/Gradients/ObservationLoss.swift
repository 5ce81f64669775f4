/// The masked, weighted mean squared error of ``Observations`` and its cotangents.
public enum ObservationLoss {
    /// The loss of `predictions` (row-major `K × dimension`) against `observations`, and the
    /// number of observed entries. With `cotangents` (length `K × dimension`), also writes
    /// `∂L/∂predictions` there (0 at unobserved entries). No observed entries: loss 0.
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

    /// Array convenience.
    public static func evaluate(predictions: [Double], observations: Observations, dimension: Int) -> (loss: Double, observedCount: Int) {
        predictions.withUnsafeBufferPointer { evaluate(predictions: $0, observations: observations, dimension: dimension) }
    }
}
