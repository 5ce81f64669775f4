import LaneKernels

/// Which kernels a ``LaneIntegrator`` runs its stage combinations, error sums and (for fields
/// that have one) lane field with; every choice gives the same results bit for bit.
public enum LaneIntegratorKernels: String, Sendable, CaseIterable {
    /// Portable Swift `SIMD4<Double>` code, four lanes.
    case swift
    /// AVX2 kernels of `LaneKernels` (4 lanes per 256-bit instruction), four lanes.
    case avx2
    /// AVX-512 kernels of `LaneKernels` (8 lanes per 512-bit instruction), eight lanes: the
    /// per-step arithmetic of eight trajectories in the instructions AVX2 spends on four.
    case avx512

    /// How many trajectories run at once.
    @inlinable public var width: Int { self == .avx512 ? 8 : 4 }

    /// Whether this CPU (CPUID and the OS's saved register state, checked once) can run them.
    public var isAvailable: Bool {
        switch self {
        case .swift: true
        case .avx2: laneCPUHasAVX2
        case .avx512: laneCPUHasAVX512
        }
    }

    /// The fastest kernels this CPU can run: AVX-512, else AVX2, else Swift.
    public static var best: LaneIntegratorKernels { laneCPUHasAVX512 ? .avx512 : laneCPUHasAVX2 ? .avx2 : .swift }
}

let laneCPUHasAVX2 = orrery_lanes_have_avx2() != 0
let laneCPUHasAVX512 = orrery_lanes_have_avx512() != 0
