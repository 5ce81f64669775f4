// Throughput of the double-precision divider (issue 13, kern4): 8 independent `vdivpd` chains, 4-lane (ymm)
// and 8-lane (zmm), thread CPU time, fastest of 20 runs of 8·10⁶ divisions. A tanh that divides once per value
// cannot run faster than the printed ns per value.
// Usage: clang -O2 -mavx512f Benchmarks/kernels/profile/divider.c -o /tmp/divider && /tmp/divider
#include <immintrin.h>
#include <stdio.h>
#include <time.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return t.tv_sec * 1e9 + t.tv_nsec;
}

int main(void) {
    __m256d a[8];
    __m512d z[8];
    for (int i = 0; i < 8; i++) { a[i] = _mm256_set1_pd(1.0 + i); z[i] = _mm512_set1_pd(1.0 + i); }
    const __m256d d = _mm256_set1_pd(1.0000001);
    const __m512d dz = _mm512_set1_pd(1.0000001);
    double best4 = 1e9, best8 = 1e9;
    for (int rep = 0; rep < 20; rep++) {
        double s = now();
        for (long k = 0; k < 1000000; k++) {
            for (int i = 0; i < 8; i++) a[i] = _mm256_div_pd(a[i], d);
            __asm__ volatile("" ::"v"(a[0]), "v"(a[1]), "v"(a[2]), "v"(a[3]), "v"(a[4]), "v"(a[5]), "v"(a[6]), "v"(a[7]));
        }
        double v = (now() - s) / 8e6;
        if (v < best4) best4 = v;
        s = now();
        for (long k = 0; k < 1000000; k++) {
            for (int i = 0; i < 8; i++) z[i] = _mm512_div_pd(z[i], dz);
            __asm__ volatile("" ::"v"(z[0]), "v"(z[1]), "v"(z[2]), "v"(z[3]), "v"(z[4]), "v"(z[5]), "v"(z[6]), "v"(z[7]));
        }
        v = (now() - s) / 8e6;
        if (v < best8) best8 = v;
    }
    printf("vdivpd ymm: %.3f ns each (%.3f ns per value); zmm: %.3f ns each (%.3f ns per value)\n", best4, best4 / 4,
           best8, best8 / 8);
    double x = 0;
    for (int i = 0; i < 8; i++) x += a[i][0] + z[i][0];
    return x == 0;
}
