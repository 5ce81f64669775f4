#include "LaneKernels.h"
#include <cpuid.h>
#include <immintrin.h>

// Products and sums stay separate IEEE operations (no contraction into fused multiply-add,
// which the Swift code never uses): the kernels must match it bit for bit.
#pragma clang fp contract(off)

int orrery_lanes_have_avx2(void) {
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    if (!(c & bit_OSXSAVE) || !(c & bit_AVX)) return 0;
    unsigned lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    if ((lo & 6) != 6) return 0;  // XMM and YMM state enabled by the OS
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    return (b & bit_AVX2) ? 1 : 0;
}

#define L(p, k) _mm256_loadu_pd((p) + 4 * (k))

#define VD __m256d
#define W 4
#define TARGET "avx2"
#define BLOCK orrery_lanes_combine_avx2_block
#define COMBINE orrery_lanes_combine_avx2
#define LD _mm256_loadu_pd
#define ST _mm256_storeu_pd
#define SET1 _mm256_set1_pd
#define ZERO _mm256_setzero_pd
#define ADD _mm256_add_pd
#define MUL _mm256_mul_pd
#include "LaneCombineBody.h"  // undefines the names above

__attribute__((target("avx2")))
void orrery_lanes_error_sums_avx2(long n, const double *err, const double *err2, const double *y, const double *yNew,
                                  double rtol, double atol, double *sum, double *sum2) {
    const __m256d one = _mm256_set1_pd(1.0), r = _mm256_set1_pd(rtol), a = _mm256_set1_pd(atol);
    const __m256d sign = _mm256_set1_pd(-0.0);
    __m256d s = _mm256_setzero_pd(), s2 = s;
    for (long i = 0; i < n; i++) {
        const __m256d ay = _mm256_andnot_pd(sign, L(y, i)), an = _mm256_andnot_pd(sign, L(yNew, i));
        const __m256d mx = _mm256_blendv_pd(ay, an, _mm256_cmp_pd(an, ay, _CMP_GE_OQ));
        const __m256d inv = _mm256_div_pd(one, _mm256_add_pd(a, _mm256_mul_pd(r, mx)));
        const __m256d e = _mm256_mul_pd(L(err, i), inv);
        s = _mm256_add_pd(s, _mm256_mul_pd(e, e));
        if (err2) {
            const __m256d e2 = _mm256_mul_pd(L(err2, i), inv);
            s2 = _mm256_add_pd(s2, _mm256_mul_pd(e2, e2));
        }
    }
    _mm256_storeu_pd(sum, s);
    _mm256_storeu_pd(sum2, s2);
}

__attribute__((target("avx2")))
int orrery_lanes_maybe_nonfinite_avx2(long n, const double *a, const double *b) {
    __m256d sa = _mm256_setzero_pd(), sb = sa;
    for (long i = 0; i < n; i++) { sa = _mm256_add_pd(sa, L(a, i)); sb = _mm256_add_pd(sb, L(b, i)); }
    const __m256d s = _mm256_add_pd(sa, sb);
    // s − s is +0 for finite s, NaN for ±∞ and NaN.
    return ~_mm256_movemask_pd(_mm256_cmp_pd(_mm256_sub_pd(s, s), _mm256_setzero_pd(), _CMP_EQ_OQ)) & 0xF;
}

__attribute__((target("avx2")))
void orrery_lanes_three_body_avx2(const double *y, const double *p, double eps2, double *dy) {
    const __m256d e2 = _mm256_set1_pd(eps2), g = L(p, 3);
    const __m256d x0 = L(y, 0), y0 = L(y, 1), z0 = L(y, 2);
    const __m256d x1 = L(y, 3), y1 = L(y, 4), z1 = L(y, 5);
    const __m256d x2 = L(y, 6), y2 = L(y, 7), z2 = L(y, 8);
    const __m256d m0 = L(p, 0), m1 = L(p, 1), m2 = L(p, 2);
    const __m256d dx01 = _mm256_sub_pd(x1, x0), dy01 = _mm256_sub_pd(y1, y0), dz01 = _mm256_sub_pd(z1, z0);
    const __m256d dx02 = _mm256_sub_pd(x2, x0), dy02 = _mm256_sub_pd(y2, y0), dz02 = _mm256_sub_pd(z2, z0);
    const __m256d dx12 = _mm256_sub_pd(x2, x1), dy12 = _mm256_sub_pd(y2, y1), dz12 = _mm256_sub_pd(z2, z1);
#define S2(dx, dy, dz) _mm256_add_pd(_mm256_add_pd(_mm256_add_pd(_mm256_mul_pd(dx, dx), _mm256_mul_pd(dy, dy)), _mm256_mul_pd(dz, dz)), e2)
    const __m256d s01 = S2(dx01, dy01, dz01), s02 = S2(dx02, dy02, dz02), s12 = S2(dx12, dy12, dz12);
#undef S2
    const __m256d i01 = _mm256_div_pd(g, _mm256_mul_pd(s01, _mm256_sqrt_pd(s01)));
    const __m256d i02 = _mm256_div_pd(g, _mm256_mul_pd(s02, _mm256_sqrt_pd(s02)));
    const __m256d i12 = _mm256_div_pd(g, _mm256_mul_pd(s12, _mm256_sqrt_pd(s12)));
    for (int k = 0; k < 9; k++) _mm256_storeu_pd(dy + 4 * k, L(y, 9 + k));
    const __m256d a01 = _mm256_mul_pd(m1, i01), a10 = _mm256_mul_pd(m0, i01), a02 = _mm256_mul_pd(m2, i02);
    const __m256d a20 = _mm256_mul_pd(m0, i02), a12 = _mm256_mul_pd(m2, i12), a21 = _mm256_mul_pd(m1, i12);
    const __m256d sign = _mm256_set1_pd(-0.0);
#define ST(k, v) _mm256_storeu_pd(dy + 4 * (k), v)
    ST(9, _mm256_add_pd(_mm256_mul_pd(a01, dx01), _mm256_mul_pd(a02, dx02)));
    ST(10, _mm256_add_pd(_mm256_mul_pd(a01, dy01), _mm256_mul_pd(a02, dy02)));
    ST(11, _mm256_add_pd(_mm256_mul_pd(a01, dz01), _mm256_mul_pd(a02, dz02)));
    ST(12, _mm256_sub_pd(_mm256_mul_pd(a12, dx12), _mm256_mul_pd(a10, dx01)));
    ST(13, _mm256_sub_pd(_mm256_mul_pd(a12, dy12), _mm256_mul_pd(a10, dy01)));
    ST(14, _mm256_sub_pd(_mm256_mul_pd(a12, dz12), _mm256_mul_pd(a10, dz01)));
    ST(15, _mm256_sub_pd(_mm256_xor_pd(_mm256_mul_pd(a20, dx02), sign), _mm256_mul_pd(a21, dx12)));
    ST(16, _mm256_sub_pd(_mm256_xor_pd(_mm256_mul_pd(a20, dy02), sign), _mm256_mul_pd(a21, dy12)));
    ST(17, _mm256_sub_pd(_mm256_xor_pd(_mm256_mul_pd(a20, dz02), sign), _mm256_mul_pd(a21, dz12)));
#undef ST
}

__attribute__((target("avx2")))
void orrery_lanes_three_body_sundman_avx2(const double *y, const double *p, double eps2, double *dy) {
#define VD __m256d
#define W 4
#define LD _mm256_loadu_pd
#define ST _mm256_storeu_pd
#define SET1 _mm256_set1_pd
#define ADD _mm256_add_pd
#define SUB _mm256_sub_pd
#define MUL _mm256_mul_pd
#define DIV _mm256_div_pd
#define SQRT _mm256_sqrt_pd
#define NEG(v) _mm256_xor_pd(v, _mm256_set1_pd(-0.0))
#include "ThreeBodySundmanBody.h"
#undef VD
#undef W
#undef LD
#undef ST
#undef SET1
#undef ADD
#undef SUB
#undef MUL
#undef DIV
#undef SQRT
#undef NEG
}
