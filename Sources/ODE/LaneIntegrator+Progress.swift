/// How far each lane's solve has come and how fast it goes: the basis of the estimate that
/// ``LaneIntegrator/run(next:done:pausesWhen:)`` hands its `pausesWhen` — the evaluations its
/// longest solve still needs.
///
/// A lane's rate is measured over a window of at least ``window`` evaluations: the evaluations
/// spent per unit of progress (`t`, or the clock's physical time, ``IntegrationRun/progress``),
/// times the progress left. A solve that has just entered a hard binary or a close encounter
/// steps finely from then on, so the latest window predicts its rest far better than its average
/// so far; a lane whose first window is not complete yet counts as 0 (unknown, so not long).
@usableFromInline
struct LaneProgress {
    /// The fewest evaluations a rate is measured over (≈ 340 DOP853 steps).
    @usableFromInline static var window: Int { 4096 }
    /// Per lane: the run's evaluations and progress where its current window began.
    @usableFromInline var evaluations: [Int]
    @usableFromInline var position: [Double]
    /// Per lane: the remaining evaluations at the last complete window (0 if none yet).
    @usableFromInline var remaining: [Double]

    @inlinable
    init(width: Int) {
        evaluations = [Int](repeating: 0, count: width)
        position = [Double](repeating: 0, count: width)
        remaining = [Double](repeating: 0, count: width)
    }

    /// A new solve in `lane`: its first window begins.
    @inlinable
    mutating func start<Field>(_ lane: Int, _ run: IntegrationRun<Field, NoRecording>) {
        evaluations[lane] = run.solution.stats.functionEvaluations
        position[lane] = run.progress.now
        remaining[lane] = 0
    }

    /// The largest estimate of the evaluations left over the busy lanes (`live`); each lane whose
    /// window is complete gets a new estimate and starts its next window.
    @inlinable
    mutating func longestRemaining<Field>(_ live: [Unmanaged<IntegrationRun<Field, NoRecording>>?]) -> Double {
        var longest = 0.0
        for lane in live.indices {
            guard let handle = live[lane] else { continue }
            handle._withUnsafeGuaranteedRef { run in
                let spent = run.solution.stats.functionEvaluations - evaluations[lane]
                let (now, end) = run.progress
                let moved = now - position[lane]
                if spent >= Self.window && moved != 0 {
                    let estimate = (end - now) / moved * Double(spent)
                    remaining[lane] = estimate.isFinite ? max(estimate, 0) : 0
                    evaluations[lane] += spent
                    position[lane] = now
                }
            }
            longest = max(longest, remaining[lane])
        }
        return longest
    }
}

extension IntegrationRun {
    /// Where the solve is and where it ends: `t` and `t1`, or with a clock the physical time (the
    /// clock component) and the last save time, at which it ends.
    @inlinable
    var progress: (now: Double, end: Double) {
        guard let clock else { return (t, t1) }
        return (y[clock], saveAt.last ?? y[clock])
    }
}
