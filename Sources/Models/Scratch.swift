/// Per-call scratch memory for the fields' evaluate and VJP, on the stack.
///
/// `withUnsafeTemporaryAllocation` is only guaranteed to use the stack up to 1024 bytes:
/// on Linux (Swift 6.3.1) larger requests went to `malloc` — measured as one heap
/// allocation per MLP call in `Benchmarks/models`. Above 128 `Double`s the scratch is
/// therefore a fixed-size `InlineArray` local (zero-filled: ~4 KB or ~32 KB of stores),
/// each tier in its own non-inlined function so that callers' frames stay small.
/// Only requests beyond 4096 `Double`s (e.g. an MLP with hidden layers of ~1000)
/// fall back to `withUnsafeTemporaryAllocation`, which may then allocate.
@usableFromInline
enum Scratch {
    /// Calls `body` with `count` uninitialised-or-zero `Double`s (contents unspecified).
    @inlinable @inline(__always)
    static func withDoubles<R>(_ count: Int, _ body: (UnsafeMutablePointer<Double>) -> R) -> R {
        if count <= 128 {
            return withUnsafeTemporaryAllocation(of: Double.self, capacity: count) { body($0.baseAddress!) }
        }
        if count <= 512 { return small(body) }
        if count <= 4096 { return large(body) }
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: count) { body($0.baseAddress!) }
    }

    @inline(never) @usableFromInline
    static func small<R>(_ body: (UnsafeMutablePointer<Double>) -> R) -> R {
        var storage = InlineArray<512, Double>(repeating: 0)
        return withUnsafeMutablePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: Double.self, capacity: 512) { body($0) }
        }
    }

    @inline(never) @usableFromInline
    static func large<R>(_ body: (UnsafeMutablePointer<Double>) -> R) -> R {
        var storage = InlineArray<4096, Double>(repeating: 0)
        return withUnsafeMutablePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: Double.self, capacity: 4096) { body($0) }
        }
    }
}
