// Run-time choice between the kernel implementations, and per-thread scratch.
//
// AVX2 + FMA are used when CPUID leaf 7 reports AVX2, leaf 1 reports FMA, AVX and OSXSAVE,
// and XGETBV shows the OS saves YMM state (Intel SDM vol. 1, §14.3, "Detection of Intel AVX
// instructions"); decided once, at the first call. `ORRERY_KERNELS=baseline` forces the baseline.
#include "CKernels.h"
#include "scratch.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

extern const ck_kernels ck_kernels_baseline;
#if defined(__x86_64__)
extern const ck_kernels ck_kernels_avx2;
#include <cpuid.h>

static int cpu_has_avx2_fma(void) {
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    int fma = (c >> 12) & 1, osxsave = (c >> 27) & 1, avx = (c >> 28) & 1;
    if (!(fma && osxsave && avx)) return 0;
    unsigned lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    if ((lo & 0x6) != 0x6) return 0;  // XMM and YMM state enabled by the OS
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    return (b >> 5) & 1;  // AVX2
}
#endif

const ck_kernels *ck_kernels_for(int isa) {
    if (isa == CK_ISA_BASELINE) return &ck_kernels_baseline;
#if defined(__x86_64__)
    if (isa == CK_ISA_AVX2_FMA && cpu_has_avx2_fma()) return &ck_kernels_avx2;
#endif
    return 0;
}

static const ck_kernels *active;
static pthread_once_t active_once = PTHREAD_ONCE_INIT;

static void choose_active(void) {
    const char *force = getenv("ORRERY_KERNELS");
    const ck_kernels *best = ck_kernels_for(CK_ISA_AVX2_FMA);
    active = (force && strcmp(force, "baseline") == 0) || !best ? &ck_kernels_baseline : best;
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
