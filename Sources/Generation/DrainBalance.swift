import Synchronization

/// When a thread that holds a long solve in its lanes should stop taking new ones, so that all
/// threads finish together (``LaneIntegrator/run(next:done:pausesWhen:)``).
///
/// In lanes a long solve (a hard binary, a close encounter) advances one step per wide step of
/// its thread, however many cheap solves share that thread; once its thread takes no new jobs and
/// the other lanes have drained, it runs alone on the scalar stepper, several times faster per
/// step. If it would still be running when the other threads have emptied the queue, its thread
/// should let them have the queue from the moment the two finish together: when
///
///     S · c₁ ≥ Q · ρ · c₁ / (T − 1),
///
/// with `S` the evaluations that solve still needs (its latest rate, `LaneProgress`), `Q` those of
/// the jobs not yet taken, `T` threads, `c₁` the cost of an evaluation alone and `ρ` = ``laneShare``
/// the cost of an evaluation in full lanes relative to alone. `Q` is the start order's expected
/// costs (``DatasetGenerator/startOrder(_:first:count:threads:)``) still queued, in evaluations by the
/// ratio of evaluations to expected cost over the solves finished so far.
///
/// Measured on the default 1000 random three-body trajectories (2 threads, 8 lanes): the one long
/// solve (6.6 % of all evaluations) ran its last 0.06 s alone while the other thread idled; with
/// this balance the two threads end within 8 ms of each other, and 2-thread throughput rose 2–5 %
/// per alternating pair (`Benchmarks/results/generation.md`). `laneShare` was measured for 8
/// AVX-512 lanes; with 4 (AVX2) lanes it is a guess.
public final class DrainBalance: Sendable {
    /// The cost of an evaluation in full lanes relative to alone: a wide step of 8 lanes cost
    /// 2.2 (Intel AVX-512) to 2.95 (AMD Zen 4) scalar steps, i.e. 0.28–0.37 per lane (measured,
    /// trajectory 958 of the default set alone and in lanes).
    public static let laneShare = 1.0 / 3.0
    /// How many times a mean solve's evaluations a solve must still need to pause its thread.
    public static let longFactor = 4.0

    /// `queued[k]`: the expected cost of the jobs from start position `k` on.
    let queued: [Double]
    let threads: Int
    private let state = Mutex<(taken: Int, evaluations: Double, expected: Double, finished: Int)>((0, 0, 0, 0))

    /// `expectedCosts` in start order (non-finite costs count as 0), shared by `threads` threads.
    public init(expectedCosts: [Double], threads: Int) {
        var queued = [Double](repeating: 0, count: expectedCosts.count + 1)
        for k in expectedCosts.indices.reversed() { queued[k] = queued[k + 1] + Self.finite(expectedCosts[k]) }
        self.queued = queued
        self.threads = threads
    }

    /// A thread took the job at start position `position`.
    public func took(position: Int) {
        state.withLock { $0.taken = max($0.taken, position + 1) }
    }

    /// A solve of expected cost `expectedCost` finished after `evaluations` evaluations.
    public func finished(expectedCost: Double, evaluations: Int) {
        let cost = Self.finite(expectedCost)
        guard cost > 0 else { return }
        state.withLock { $0.evaluations += Double(evaluations); $0.expected += cost; $0.finished += 1 }
    }

    /// Whether a thread whose longest solve still needs `longestRemaining` evaluations should stop
    /// taking jobs: never with one thread, before a solve has finished to calibrate `Q`, or for a
    /// solve with less than ``longFactor`` times the mean evaluations of the finished ones left
    /// (near the end of the queue every solve would qualify, and threads would pause in turn).
    public func pauses(longestRemaining: Double) -> Bool {
        guard threads > 1, longestRemaining > 0 else { return false }
        let (taken, evaluations, expected, finished) = state.withLock { $0 }
        guard expected > 0, taken < queued.count - 1,
              longestRemaining >= Self.longFactor * evaluations / Double(finished) else { return false }
        let queue = queued[taken] * evaluations / expected
        return longestRemaining >= queue * Self.laneShare / Double(threads - 1)
    }

    private static func finite(_ cost: Double) -> Double { cost.isFinite && cost > 0 ? cost : 0 }
}
