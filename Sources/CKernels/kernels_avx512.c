// The same kernels as kernels_baseline.c with 8-wide vectors, every function compiled for AVX-512
// (F, DQ, VL) + AVX2 + FMA by a per-function target attribute (applied to the whole file by the
// pragma), so the package needs no `unsafeFlags`/`-march`. Called only after dispatch.c has checked
// the CPU and that the OS saves the ZMM and opmask state. Differences from the AVX2 table: 8 lanes
// (tiles of CK_MR = 8 rows × 16 states, 16 accumulators of the 32 registers), its own tanh (16-entry
// 2^(j/16) table read by vpermi2pd, degree-7 polynomial, vscalefpd/vpternlogq, quotient by vdivpd; vecmath.h), and ∂W += G Hᵀ as rank-1
// updates over the batch (CK_NT_TRANSPOSE, gemm_impl.h). Calls of fewer than 16 states run the AVX2
// table's kernels (CK_SMALL_BATCH_TABLE: it pads to 8 columns, not 16), so their bits are AVX2's.
#if defined(__x86_64__)
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <immintrin.h>
#include "CKernels.h"
#include "scratch.h"
#pragma clang attribute push(__attribute__((target("avx512f,avx512dq,avx512vl,avx2,fma"))), apply_to = function)
#define CK_TABLE ck_kernels_avx512
#define CK_ISA CK_ISA_AVX512
#define CK_NAME "avx512"
#define CK_VW 8
#define CK_MR 8
#define CK_NT_MR 4
#define CK_NT_NR 3
#define CK_NT_TRANSPOSE 1
#define CK_SMALL_BATCH_TABLE ck_kernels_avx2
#include "mlp_impl.h"
#pragma clang attribute pop
#endif
