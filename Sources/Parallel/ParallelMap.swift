import Dispatch
import Synchronization

/// Runs `body(i)` for `i` in `0..<count` on up to `threads` threads and returns
/// the results in index order, so the outcome never depends on the thread count
/// as long as `body(i)` depends only on `i`.
///
/// Work is handed out one index at a time from a shared counter, so a few
/// expensive items (a trajectory with close encounters) do not idle the other threads.
///
/// `progress`, if given, is called after each item with the number finished so
/// far (from worker threads: it must be thread-safe).
public func parallelMap<T: Sendable>(
    _ count: Int, threads: Int, progress: (@Sendable (Int) -> Void)? = nil, _ body: @Sendable (Int) -> T
) -> [T] {
    guard count > 0 else { return [] }
    let workers = max(1, min(threads, count))
    let finished = Atomic<Int>(0)
    if workers == 1 {
        return (0..<count).map { index in
            let result = body(index)
            progress?(index + 1)
            return result
        }
    }
    let results = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
    results.initialize(repeating: nil)
    defer { results.deinitialize(); results.deallocate() }
    nonisolated(unsafe) let slots = results
    let next = Atomic<Int>(0)
    DispatchQueue.concurrentPerform(iterations: workers) { _ in
        while true {
            let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
            guard index < count else { return }
            slots[index] = body(index)
            if let progress { progress(finished.wrappingAdd(1, ordering: .relaxed).newValue) }
        }
    }
    return results.map { $0! }
}
