// The same kernels as kernels_baseline.c, every function compiled for AVX2 + FMA by a
// per-function target attribute (applied to the whole file by the pragma), so the package
// needs no `unsafeFlags`/`-march`. Called only after dispatch.c has checked the CPU.
// a·b + c in one expression contracts to a fused multiply–add (Clang's default -ffp-contract=on).
#if defined(__x86_64__)
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "CKernels.h"
#include "scratch.h"
#pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)
#define CK_TABLE ck_kernels_avx2
#define CK_ISA CK_ISA_AVX2_FMA
#define CK_NAME "avx2+fma"
#define CK_MR 6
#define CK_NT_MR 4
#define CK_NT_NR 3
#include "mlp_impl.h"
#pragma clang attribute pop
#endif
