// Run-time choice between the kernel implementations, and per-thread scratch.
//
// AVX2 + FMA are used when CPUID leaf 7 reports AVX2, leaf 1 reports FMA, AVX and OSXSAVE,
// and XGETBV shows the OS saves YMM state (Intel SDM vol. 1, §14.3, "Detection of Intel AVX
// instructions"); AVX-512 when in addition leaf 7 reports AVX512F, DQ and VL and XGETBV shows the
// opmask, ZMM_Hi256 and Hi16_ZMM state enabled (SDM vol. 1, §15.2, "Detection of AVX-512
// Foundation instructions"). Decided once, at the first call; `ORRERY_KERNELS` caps the level.
#include "CKernels.h"
#include "scratch.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

extern const ck_kernels ck_kernels_baseline;
#if defined(__x86_64__)
extern const ck_kernels ck_kernels_avx2;
extern const ck_kernels ck_kernels_avx512;
#include <cpuid.h>

/// The highest level this CPU and OS run: CK_ISA_BASELINE, CK_ISA_AVX2_FMA or CK_ISA_AVX512.
static int cpu_level(void) {
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return CK_ISA_BASELINE;
    int fma = (c >> 12) & 1, osxsave = (c >> 27) & 1, avx = (c >> 28) & 1;
    if (!(fma && osxsave && avx)) return CK_ISA_BASELINE;
    unsigned lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    if ((lo & 0x6) != 0x6) return CK_ISA_BASELINE;  // XMM and YMM state enabled by the OS
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return CK_ISA_BASELINE;
    if (!((b >> 5) & 1)) return CK_ISA_BASELINE;  // AVX2
    int avx512 = ((b >> 16) & 1) && ((b >> 17) & 1) && ((b >> 31) & 1);  // F, DQ, VL
    if (avx512 && (lo & 0xE0) == 0xE0) return CK_ISA_AVX512;  // opmask, ZMM_Hi256, Hi16_ZMM state
    return CK_ISA_AVX2_FMA;
}
#else
static int cpu_level(void) { return CK_ISA_BASELINE; }
#endif

const ck_kernels *ck_kernels_for(int isa) {
    if (isa == CK_ISA_BASELINE) return &ck_kernels_baseline;
#if defined(__x86_64__)
    if (isa == CK_ISA_AVX2_FMA && cpu_level() >= CK_ISA_AVX2_FMA) return &ck_kernels_avx2;
    if (isa == CK_ISA_AVX512 && cpu_level() >= CK_ISA_AVX512) return &ck_kernels_avx512;
#endif
    return 0;
}

static const ck_kernels *active;
static pthread_once_t active_once = PTHREAD_ONCE_INIT;

static void choose_active(void) {
    const char *cap = getenv("ORRERY_KERNELS");
    int level = cpu_level();
    if (cap && strcmp(cap, "baseline") == 0) level = CK_ISA_BASELINE;
    else if (cap && strcmp(cap, "avx2") == 0 && level > CK_ISA_AVX2_FMA) level = CK_ISA_AVX2_FMA;
    active = ck_kernels_for(level);
}

const ck_kernels *ck_kernels_active(void) {
    pthread_once(&active_once, choose_active);
    return active;
}

void ck_activation_forward(int kind, const double *z, double *h, long n) {
    ck_kernels_active()->activation_forward(kind, z, h, n);
}

void ck_activation_backward(int kind, double *g, const double *z, const double *h, long n) {
    ck_kernels_active()->activation_backward(kind, g, z, h, n);
}

void ck_mlp_forward(const ck_mlp *net, double t, const double *states, long count, const double *params,
                    double *out, int accumulate) {
    ck_kernels_active()->mlp_forward(net, t, states, count, params, out, accumulate);
}

void ck_mlp_vjp(const ck_mlp *net, double t, const double *states, long count, const double *params,
                const double *cotangents, double *state_cotangents, double *param_cotangent) {
    ck_kernels_active()->mlp_vjp(net, t, states, count, params, cotangents, state_cotangents, param_cotangent);
}

// Per-thread scratch: grows to the largest request a thread has made, freed at thread exit.
static _Thread_local double *scratch_memory;
static _Thread_local size_t scratch_capacity;
static pthread_key_t scratch_key;
static pthread_once_t scratch_once = PTHREAD_ONCE_INIT;

static void scratch_free(void *memory) { free(memory); }
static void scratch_make_key(void) { pthread_key_create(&scratch_key, scratch_free); }

double *ck_scratch(size_t count) {
    if (count <= scratch_capacity) return scratch_memory;
    pthread_once(&scratch_once, scratch_make_key);
    size_t capacity = count < 4096 ? 4096 : count + count / 2;
    void *memory = 0;
    if (posix_memalign(&memory, 64, capacity * sizeof(double)) != 0) return 0;
    free(scratch_memory);
    scratch_memory = memory;
    scratch_capacity = capacity;
    pthread_setspecific(scratch_key, memory);
    return scratch_memory;
}
