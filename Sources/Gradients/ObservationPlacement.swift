import ODE

/// Where each observation sits in an accepted step sequence: at a checkpoint (a step end,
/// or `t0`) or strictly inside step `i` at `θ = (τ − tᵢ)/hᵢ` — the same rule `solve`'s
/// `saveAt` uses, so the backward sweep reads the forward's predictions exactly.
@usableFromInline
struct ObservationPlacement {
    /// For observation `k`: the checkpoint index, or `-1` when it lies inside a step.
    @usableFromInline var checkpoint: [Int]
    /// For observation `k` inside a step: the step index (else `-1`).
    @usableFromInline var step: [Int]

    /// Places `observationTimes` (sorted, in `[times.first, times.last]`) on the checkpoints `times`.
    @usableFromInline
    init(observationTimes: [Double], times: [Double]) {
        let k = observationTimes.count
        checkpoint = [Int](repeating: -1, count: k)
        step = [Int](repeating: -1, count: k)
        var i = 0  // candidate step [times[i], times[i + 1]]
        let steps = times.count - 1
        for (q, tau) in observationTimes.enumerated() {
            if tau == times[0] { checkpoint[q] = 0; continue }
            while i < steps && tau > times[i + 1] { i += 1 }
            if i >= steps { checkpoint[q] = steps; continue }
            if tau == times[i + 1] { checkpoint[q] = i + 1 } else { step[q] = i }
        }
    }
}
