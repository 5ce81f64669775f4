#include "PeakFMA.h"
#include <cpuid.h>
#include <immintrin.h>

__attribute__((target("avx2,fma"))) double peak_fma_avx2(long iterations) {
    __m256d acc[12], m = _mm256_set1_pd(0.999999), a = _mm256_set1_pd(1e-9);
    for (int k = 0; k < 12; k++) acc[k] = _mm256_set1_pd(k);
    for (long i = 0; i < iterations; i++)
        for (int k = 0; k < 12; k++) acc[k] = _mm256_fmadd_pd(acc[k], m, a);
    __m256d s = acc[0];
    for (int k = 1; k < 12; k++) s = _mm256_add_pd(s, acc[k]);
    double out[4];
    _mm256_storeu_pd(out, s);
    return out[0] + out[1] + out[2] + out[3];
}

__attribute__((target("avx512f"))) double peak_fma_avx512(long iterations) {
    __m512d acc[24], m = _mm512_set1_pd(0.999999), a = _mm512_set1_pd(1e-9);
    for (int k = 0; k < 24; k++) acc[k] = _mm512_set1_pd(k);
    for (long i = 0; i < iterations; i++)
        for (int k = 0; k < 24; k++) acc[k] = _mm512_fmadd_pd(acc[k], m, a);
    __m512d s = acc[0];
    for (int k = 1; k < 24; k++) s = _mm512_add_pd(s, acc[k]);
    return _mm512_reduce_add_pd(s);
}

int peak_has_avx512(void) {
    unsigned a, b, c, d, lo, hi;
    if (!__get_cpuid(1, &a, &b, &c, &d) || !((c >> 27) & 1)) return 0;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    if ((lo & 0xE6) != 0xE6) return 0;  // XMM, YMM, opmask and ZMM state enabled by the OS
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    return (b >> 16) & 1;
}
