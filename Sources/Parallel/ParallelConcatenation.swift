import Dispatch

/// `(0..<count).flatMap(part)`, copied on up to `threads` threads: the result's size is known
/// before the first copy (no regrowth), and each thread copies a contiguous run of the parts, so
/// the copying and the first touch of the new pages (the larger cost for tens of megabytes) are
/// shared. The same array whatever the thread count.
///
/// `part(i)` is called twice per index (for the sizes, then the copy), from any thread.
public func parallelConcatenation<T: BitwiseCopyable & Sendable>(
    _ count: Int, threads: Int, _ part: @Sendable (Int) -> [T]
) -> [T] {
    guard count > 0 else { return [] }
    var offsets = [Int](repeating: 0, count: count + 1)
    for i in 0..<count { offsets[i + 1] = offsets[i] + part(i).count }
    let total = offsets[count], workers = max(1, min(threads, count))
    let starts = offsets
    return [T](unsafeUninitializedCapacity: total) { buffer, initialized in
        nonisolated(unsafe) let base = buffer.baseAddress
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            for i in (count * w / workers)..<(count * (w + 1) / workers) {
                part(i).withUnsafeBufferPointer { source in
                    guard let from = source.baseAddress, let base else { return }
                    (base + starts[i]).initialize(from: from, count: source.count)
                }
            }
        }
        initialized = total
    }
}
