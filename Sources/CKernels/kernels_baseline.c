// The kernels for the x86-64 baseline (SSE2): vector code in 4-wide GCC vector extensions,
// which the compiler splits into 2-wide SSE2 operations without fused multiply–adds.
// v4d values pass only between always-inline functions, so the SSE2 ABI note does not apply.
#pragma clang diagnostic ignored "-Wpsabi"
#define CK_TABLE ck_kernels_baseline
#define CK_ISA CK_ISA_BASELINE
#define CK_NAME "baseline"
#define CK_MR 2
#define CK_NT_MR 2
#define CK_NT_NR 2
#include "mlp_impl.h"
