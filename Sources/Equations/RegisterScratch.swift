/// Per-call register files on the stack: what makes one ``EquationModel`` safe to call from
/// several threads at once (nothing mutable is shared) without heap allocation.
///
/// The same tiers as `Models/Scratch.swift` (which this module cannot import): up to 128
/// `Double`s via `withUnsafeTemporaryAllocation` (guaranteed on the stack up to 1 KB; larger
/// requests went to `malloc` on Linux, Swift 6.3.1), then fixed-size `InlineArray` locals of
/// 256, 512 and 4096 `Double`s in non-inlined functions (so callers' frames stay small); beyond
/// 4096 (tapes of more than ~2000 instructions for a VJP) it falls back to
/// `withUnsafeTemporaryAllocation`, which may then allocate.
enum RegisterScratch {
    /// Calls `body` with `count` `Double`s of unspecified contents.
    @inline(__always)
    static func withDoubles<R>(_ count: Int, _ body: (UnsafeMutablePointer<Double>) -> R) -> R {
        if count <= 128 {
            return withUnsafeTemporaryAllocation(of: Double.self, capacity: count) { body($0.baseAddress!) }
        }
        if count <= 256 { return compact(body) }
        if count <= 512 { return small(body) }
        if count <= 4096 { return large(body) }
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: count) { body($0.baseAddress!) }
    }

    @inline(never)
    static func compact<R>(_ body: (UnsafeMutablePointer<Double>) -> R) -> R {
        var storage = InlineArray<256, Double>(repeating: 0)
        return withUnsafeMutablePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: Double.self, capacity: 256) { body($0) }
        }
    }

    @inline(never)
    static func small<R>(_ body: (UnsafeMutablePointer<Double>) -> R) -> R {
        var storage = InlineArray<512, Double>(repeating: 0)
        return withUnsafeMutablePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: Double.self, capacity: 512) { body($0) }
        }
    }

    @inline(never)
    static func large<R>(_ body: (UnsafeMutablePointer<Double>) -> R) -> R {
        var storage = InlineArray<4096, Double>(repeating: 0)
        return withUnsafeMutablePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: Double.self, capacity: 4096) { body($0) }
        }
    }
}
