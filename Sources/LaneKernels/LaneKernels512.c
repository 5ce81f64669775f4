#include "LaneKernels.h"
#include <cpuid.h>
#include <immintrin.h>

// The AVX-512 twins of LaneKernels.c for eight lanes (component i of lane l at [8*i + l]): the
// same IEEE operations in the same order, one 512-bit instruction where the AVX2 kernels use one
// 256-bit instruction. Products and sums stay separate (no fused multiply-add), so every lane
// equals the scalar Swift code bit for bit. Only AVX512F instructions are used.
#pragma clang fp contract(off)

int orrery_lanes_have_avx512(void) {
    if (!orrery_lanes_have_avx2()) return 0;
    unsigned a, b, c, d;
    unsigned lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    if ((lo & 0xE6) != 0xE6) return 0;  // XMM, YMM, opmask, ZMM_Hi256 and Hi16_ZMM state enabled by the OS
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    return (b & bit_AVX512F) ? 1 : 0;
}

#define L8(p, k) _mm512_loadu_pd((p) + 8 * (k))

#define VD __m512d
#define W 8
#define TARGET "avx512f"
#define BLOCK orrery_lanes_combine_avx512_block
#define COMBINE orrery_lanes_combine_avx512
#define LD _mm512_loadu_pd
#define ST _mm512_storeu_pd
#define SET1 _mm512_set1_pd
#define ZERO _mm512_setzero_pd
#define ADD _mm512_add_pd
#define MUL _mm512_mul_pd
#include "LaneCombineBody.h"  // undefines the names above

__attribute__((target("avx512f")))
void orrery_lanes_error_sums_avx512(long n, const double *err, const double *err2, const double *y, const double *yNew,
                                    double rtol, double atol, double *sum, double *sum2) {
    const __m512d one = _mm512_set1_pd(1.0), r = _mm512_set1_pd(rtol), a = _mm512_set1_pd(atol);
    __m512d s = _mm512_setzero_pd(), s2 = s;
    for (long i = 0; i < n; i++) {
        const __m512d ay = _mm512_abs_pd(L8(y, i)), an = _mm512_abs_pd(L8(yNew, i));
        // Swift's max(|y|, |yNew|): |yNew| when |yNew| >= |y|, else |y|.
        const __m512d mx = _mm512_mask_blend_pd(_mm512_cmp_pd_mask(an, ay, _CMP_GE_OQ), ay, an);
        const __m512d inv = _mm512_div_pd(one, _mm512_add_pd(a, _mm512_mul_pd(r, mx)));
        const __m512d e = _mm512_mul_pd(L8(err, i), inv);
        s = _mm512_add_pd(s, _mm512_mul_pd(e, e));
        if (err2) {
            const __m512d e2 = _mm512_mul_pd(L8(err2, i), inv);
            s2 = _mm512_add_pd(s2, _mm512_mul_pd(e2, e2));
        }
    }
    _mm512_storeu_pd(sum, s);
    _mm512_storeu_pd(sum2, s2);
}

__attribute__((target("avx512f")))
int orrery_lanes_maybe_nonfinite_avx512(long n, const double *a, const double *b) {
    __m512d sa = _mm512_setzero_pd(), sb = sa;
    for (long i = 0; i < n; i++) { sa = _mm512_add_pd(sa, L8(a, i)); sb = _mm512_add_pd(sb, L8(b, i)); }
    const __m512d s = _mm512_add_pd(sa, sb);
    // s − s is +0 for finite s, NaN for ±∞ and NaN.
    return ~(int)_mm512_cmp_pd_mask(_mm512_sub_pd(s, s), _mm512_setzero_pd(), _CMP_EQ_OQ) & 0xFF;
}

/// Flips the sign bit (Swift's prefix minus) with AVX512F integer instructions only.
__attribute__((target("avx512f"))) static inline __m512d negate8(__m512d v) {
    return _mm512_castsi512_pd(_mm512_xor_si512(_mm512_castpd_si512(v), _mm512_set1_epi64((long long)0x8000000000000000ULL)));
}

__attribute__((target("avx512f")))
void orrery_lanes_three_body_avx512(const double *y, const double *p, double eps2, double *dy) {
    const __m512d e2 = _mm512_set1_pd(eps2), g = L8(p, 3);
    const __m512d x0 = L8(y, 0), y0 = L8(y, 1), z0 = L8(y, 2);
    const __m512d x1 = L8(y, 3), y1 = L8(y, 4), z1 = L8(y, 5);
    const __m512d x2 = L8(y, 6), y2 = L8(y, 7), z2 = L8(y, 8);
    const __m512d m0 = L8(p, 0), m1 = L8(p, 1), m2 = L8(p, 2);
    const __m512d dx01 = _mm512_sub_pd(x1, x0), dy01 = _mm512_sub_pd(y1, y0), dz01 = _mm512_sub_pd(z1, z0);
    const __m512d dx02 = _mm512_sub_pd(x2, x0), dy02 = _mm512_sub_pd(y2, y0), dz02 = _mm512_sub_pd(z2, z0);
    const __m512d dx12 = _mm512_sub_pd(x2, x1), dy12 = _mm512_sub_pd(y2, y1), dz12 = _mm512_sub_pd(z2, z1);
#define S2(dx, dy, dz) _mm512_add_pd(_mm512_add_pd(_mm512_add_pd(_mm512_mul_pd(dx, dx), _mm512_mul_pd(dy, dy)), _mm512_mul_pd(dz, dz)), e2)
    const __m512d s01 = S2(dx01, dy01, dz01), s02 = S2(dx02, dy02, dz02), s12 = S2(dx12, dy12, dz12);
#undef S2
    const __m512d i01 = _mm512_div_pd(g, _mm512_mul_pd(s01, _mm512_sqrt_pd(s01)));
    const __m512d i02 = _mm512_div_pd(g, _mm512_mul_pd(s02, _mm512_sqrt_pd(s02)));
    const __m512d i12 = _mm512_div_pd(g, _mm512_mul_pd(s12, _mm512_sqrt_pd(s12)));
    for (int k = 0; k < 9; k++) _mm512_storeu_pd(dy + 8 * k, L8(y, 9 + k));
    const __m512d a01 = _mm512_mul_pd(m1, i01), a10 = _mm512_mul_pd(m0, i01), a02 = _mm512_mul_pd(m2, i02);
    const __m512d a20 = _mm512_mul_pd(m0, i02), a12 = _mm512_mul_pd(m2, i12), a21 = _mm512_mul_pd(m1, i12);
#define ST(k, v) _mm512_storeu_pd(dy + 8 * (k), v)
    ST(9, _mm512_add_pd(_mm512_mul_pd(a01, dx01), _mm512_mul_pd(a02, dx02)));
    ST(10, _mm512_add_pd(_mm512_mul_pd(a01, dy01), _mm512_mul_pd(a02, dy02)));
    ST(11, _mm512_add_pd(_mm512_mul_pd(a01, dz01), _mm512_mul_pd(a02, dz02)));
    ST(12, _mm512_sub_pd(_mm512_mul_pd(a12, dx12), _mm512_mul_pd(a10, dx01)));
    ST(13, _mm512_sub_pd(_mm512_mul_pd(a12, dy12), _mm512_mul_pd(a10, dy01)));
    ST(14, _mm512_sub_pd(_mm512_mul_pd(a12, dz12), _mm512_mul_pd(a10, dz01)));
    ST(15, _mm512_sub_pd(negate8(_mm512_mul_pd(a20, dx02)), _mm512_mul_pd(a21, dx12)));
    ST(16, _mm512_sub_pd(negate8(_mm512_mul_pd(a20, dy02)), _mm512_mul_pd(a21, dy12)));
    ST(17, _mm512_sub_pd(negate8(_mm512_mul_pd(a20, dz02)), _mm512_mul_pd(a21, dz12)));
#undef ST
}

__attribute__((target("avx512f")))
void orrery_lanes_three_body_sundman_avx512(const double *y, const double *p, double eps2, double *dy) {
#define VD __m512d
#define W 8
#define LD _mm512_loadu_pd
#define ST _mm512_storeu_pd
#define SET1 _mm512_set1_pd
#define ADD _mm512_add_pd
#define SUB _mm512_sub_pd
#define MUL _mm512_mul_pd
#define DIV _mm512_div_pd
#define SQRT _mm512_sqrt_pd
#define NEG negate8
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
