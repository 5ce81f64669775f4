import Dispatch
import Synchronization

/// Runs `worker(next, deliver)` once on each of up to `threads` threads; the workers share
/// the indices `0..<count`, each taking the next one with `next()` (nil when none remain),
/// and hand back item `i`'s result with `deliver(i, result)` — possibly later, in any order
/// (a worker may hold several items at once, e.g. ``LaneIntegrator``'s four lanes). Returns
/// the results in index order, so the outcome never depends on the thread count as long as
/// item `i`'s result depends only on `i`. Every index a worker takes must be delivered.
///
/// `progress`, if given, is called after each delivery with the number delivered so far
/// (from worker threads: it must be thread-safe).
public func parallelDrain<T: Sendable>(
    _ count: Int, threads: Int, progress: (@Sendable (Int) -> Void)? = nil,
    _ worker: @Sendable (_ next: () -> Int?, _ deliver: (Int, T) -> Void) -> Void
) -> [T] {
    guard count > 0 else { return [] }
    let workers = max(1, min(threads, count))
    let results = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
    results.initialize(repeating: nil)
    defer { results.deinitialize(); results.deallocate() }
    nonisolated(unsafe) let slots = results
    let taken = Atomic<Int>(0), delivered = Atomic<Int>(0)
    // One iteration runs on the calling thread.
    DispatchQueue.concurrentPerform(iterations: workers) { _ in
        worker({
            let index = taken.wrappingAdd(1, ordering: .relaxed).oldValue
            return index < count ? index : nil
        }, { index, result in
            slots[index] = result
            let done = delivered.wrappingAdd(1, ordering: .relaxed).newValue
            progress?(done)
        })
    }
    precondition(results.allSatisfy { $0 != nil }, "parallelDrain: a worker did not deliver every index it took")
    return results.map { $0! }
}
