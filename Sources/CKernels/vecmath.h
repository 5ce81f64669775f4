// Vector math on CK_VW doubles (GCC/Clang vector extensions; CK_VW = 4 unless the including file
// sets 8), included by each implementation file so that it is compiled once per target
// (baseline and AVX2+FMA with 4 lanes, AVX-512 with 8).
//
// Methods (round-to-nearest and no table lookups, except the AVX-512 tanh, which has its own
// table-driven form documented at its definition):
// - exp/expm1: Cody–Waite range reduction x = k·ln2 + r, |r| ≤ ln2/2 (ln2 split in a high part
//   with zero low bits and a low part, as in fdlibm's e_exp.c), expm1(r) by its Taylor series to
//   r¹³ (truncation < 0.02 ulp on that interval) in Horner form, then e^x = 2^k (1 + expm1(r))
//   with 2^k built from the exponent bits (two factors, so results reach the subnormal range).
// - tanh(x) = sign(x) · u / (u + 2) with u = expm1(2|x|) (e.g. Muller, "Elementary Functions",
//   and fdlibm's s_tanh.c), which keeps full relative accuracy near 0; |x| ≥ 20 gives ±1
//   (baseline and AVX2 with the expm1 above; AVX-512 with a 2^(j/16) table, see v_tanh there).
// - log1p(t) for t ∈ [0, 1]: s = t / (2 + t), log1p(t) = 2 atanh(s) = 2s + 2s·s²(1/3 + s²/5 + …),
//   the series to s³⁵ (s ≤ 1/3: truncation < 1e-18 relative).
// - softplus(z) = max(z, 0) + log1p(e^{−|z|}); logistic(z) = 1/(1 + e^{−z}) or e^{z}/(1 + e^{z}),
//   always with the exponential of −|z| so nothing overflows.
#ifndef CK_VECMATH_H
#define CK_VECMATH_H

#include <stdint.h>
#include <string.h>

#ifndef CK_VW
#define CK_VW 4
#endif

typedef double vdbl __attribute__((vector_size(CK_VW * 8)));
typedef int64_t vi64 __attribute__((vector_size(CK_VW * 8)));

#define CK_INLINE static inline __attribute__((always_inline))

CK_INLINE vdbl v_load(const double *p) { vdbl v; memcpy(&v, p, sizeof v); return v; }
CK_INLINE void v_store(double *p, vdbl v) { memcpy(p, &v, sizeof v); }
CK_INLINE vdbl v_splat(double x) {
    vdbl v;
    for (int i = 0; i < CK_VW; i++) v[i] = x;
    return v;
}
CK_INLINE vi64 v_splat_int(int64_t x) {
    vi64 v;
    for (int i = 0; i < CK_VW; i++) v[i] = x;
    return v;
}
CK_INLINE vdbl v_select(vi64 mask, vdbl a, vdbl b) { return (vdbl)((mask & (vi64)a) | (~mask & (vi64)b)); }
CK_INLINE vdbl v_abs(vdbl x) { return (vdbl)((vi64)x & v_splat_int(INT64_MAX)); }
CK_INLINE vdbl v_min(vdbl a, vdbl b) { return v_select(a < b, a, b); }
CK_INLINE vdbl v_max(vdbl a, vdbl b) { return v_select(a > b, a, b); }
/// Sum of the lanes in a fixed order (4 lanes: (v0 + v2) + (v1 + v3); 8 lanes: the halves first).
CK_INLINE double v_sum(vdbl v) {
#if CK_VW == 8
    double s0 = v[0] + v[4], s1 = v[1] + v[5], s2 = v[2] + v[6], s3 = v[3] + v[7];
    return (s0 + s2) + (s1 + s3);
#else
    return (v[0] + v[2]) + (v[1] + v[3]);
#endif
}

/// n / d for d ≥ 2 (finite).
CK_INLINE vdbl v_divide_positive(vdbl n, vdbl d) { return n / d; }

/// expm1(r) for |r| ≤ ln2/2 + a little: r + r²·(1/2! + r/3! + … + r¹¹/13!).
CK_INLINE vdbl v_expm1_reduced(vdbl r) {
    vdbl q = v_splat(1.0 / 6227020800.0);          // 1/13!
    q = q * r + v_splat(1.0 / 479001600.0);        // 1/12!
    q = q * r + v_splat(1.0 / 39916800.0);
    q = q * r + v_splat(1.0 / 3628800.0);
    q = q * r + v_splat(1.0 / 362880.0);
    q = q * r + v_splat(1.0 / 40320.0);
    q = q * r + v_splat(1.0 / 5040.0);
    q = q * r + v_splat(1.0 / 720.0);
    q = q * r + v_splat(1.0 / 120.0);
    q = q * r + v_splat(1.0 / 24.0);
    q = q * r + v_splat(1.0 / 6.0);
    q = q * r + v_splat(0.5);
    return r + (r * r) * q;
}

#define CK_SHIFTER 0x1.8p52
#define CK_LOG2E 1.4426950408889634
#define CK_LN2_HI 6.93147180369123816490e-01
#define CK_LN2_LO 1.90821492927058770002e-10

/// Splits x (|x| ≤ 800) as k·ln2 + r; returns r and sets *k.
CK_INLINE vdbl v_reduce(vdbl x, vi64 *k) {
    vdbl shifted = x * v_splat(CK_LOG2E) + v_splat(CK_SHIFTER);
    vdbl kd = shifted - v_splat(CK_SHIFTER);
    *k = (vi64)shifted - (vi64)v_splat(CK_SHIFTER);
    return (x - kd * v_splat(CK_LN2_HI)) - kd * v_splat(CK_LN2_LO);
}

/// 2^k for −1022 ≤ k ≤ 1023.
CK_INLINE vdbl v_pow2(vi64 k) { return (vdbl)((k + 1023) << 52); }

/// e^x = (m · s1) · s2 for x ≤ 0 (x < −800 is taken as −800, whose e^x is 0 even after a factor ≤ 2^100; NaN is not handled here): m = 1 + expm1(r)
/// and two powers of two, so that a factor can be applied before the final (maybe subnormal) rounding.
CK_INLINE void v_exp_parts(vdbl x, vdbl *m, vdbl *s1, vdbl *s2) {
    x = v_max(x, v_splat(-800.0));
    vi64 k;
    vdbl p = v_expm1_reduced(v_reduce(x, &k));
    vi64 k1 = k / 2;
    *m = v_splat(1.0) + p;
    *s1 = v_pow2(k1);
    *s2 = v_pow2(k - k1);
}

CK_INLINE vdbl v_exp_nonpositive(vdbl x) {
    vdbl m, s1, s2;
    v_exp_parts(x, &m, &s1, &s2);
    return (m * s1) * s2;
}

/// expm1(x) for 0 ≤ x ≤ 40.
CK_INLINE vdbl v_expm1_small_positive(vdbl x) {
    vi64 k;
    vdbl p = v_expm1_reduced(v_reduce(x, &k));
    vdbl s = v_pow2(k);
    return s * p + (s - v_splat(1.0));
}

#if CK_VW == 8
/// 2^(j/16), j = 0 … 15, rounded to double (CK_TANH_EXP2_HI), and (2^(j/16) − hi)/hi rounded
/// (CK_TANH_EXP2_CORR): the table of the AVX-512 tanh below, held in four registers and read by
/// `vpermi2pd`. Computed with mpmath at 200 bits (`2**(j/16)`, the correction from the exact value).
static const double CK_TANH_EXP2_HI[16] = {
    0x1.0000000000000p+0, 0x1.0b5586cf9890fp+0, 0x1.172b83c7d517bp+0, 0x1.2387a6e756238p+0,
    0x1.306fe0a31b715p+0, 0x1.3dea64c123422p+0, 0x1.4bfdad5362a27p+0, 0x1.5ab07dd485429p+0,
    0x1.6a09e667f3bcdp+0, 0x1.7a11473eb0187p+0, 0x1.8ace5422aa0dbp+0, 0x1.9c49182a3f090p+0,
    0x1.ae89f995ad3adp+0, 0x1.c199bdd85529cp+0, 0x1.d5818dcfba487p+0, 0x1.ea4afa2a490dap+0};
static const double CK_TANH_EXP2_CORR[16] = {
    0x0.0p+0, 0x1.79aa65d837b6dp-54, -0x1.01b15eaa59348p-55, 0x1.68efde3a8a894p-54,
    0x1.34d754db0abb6p-55, 0x1.59f48a72a4c6dp-55, 0x1.690cebb7aafb0p-56, 0x1.063e1e21c5409p-54,
    -0x1.3b3efbf5e2228p-54, -0x1.b32dcb94da51dp-56, 0x1.db72fc1f0eab4p-55, 0x1.1affc2b91ce27p-56,
    0x1.c1a7792cb3387p-55, 0x1.36eae30af0cb3p-56, 0x1.4a385a63d07a7p-56, -0x1.ff7128fd391f0p-55};

/// tanh on 8 lanes (the including file includes <immintrin.h> before its target pragma): still
/// tanh = sign(x)·u/(u + 2) with u = expm1(2a), a = min(|x|, 20), but e^{2a} by a table-driven
/// reduction (Tang, "Table-driven implementation of the exponential function in IEEE floating-point
/// arithmetic", ACM TOMS 15(2), 1989): 2a = (16k + j)·ln2/16 + 2r with j = 0 … 15 and
/// 0 ≤ 2r < ln2/16 — m = 16k + j rounded *down* (the fused multiply–add that puts m into the low bits
/// of the shifter 1.5·2⁴⁸ rounds toward −∞, AVX-512's embedded rounding), so that r ≥ 0 and
/// u = (2^k·T_j − 1) + 2^k·T_j·P adds two non-negative terms (rounding m to nearest made the second
/// negative for j ≥ 1, and the cancellation raised the maximum error from 2.52 to 2.89 ulp, at
/// |x| ≈ 0.013). T_j = 2^(j/16) comes from the table above as hi + hi·corr, and
/// P = corr_j + expm1(2r) is evaluated as 2r + (corr_j + r²·Q(r)), so the leading term 2r is exact
/// and small |x| keeps full relative accuracy without a separate branch. Q: degree 5, Chebyshev fit
/// (mpmath.chebyfit, 120 bits) of (expm1(2r) − 2r)/r² on [−0.0005, 1.01·ln2/32]; with its
/// coefficients rounded to double, expm1 is off by ≤ 5.2·10⁻¹⁸ relative there (Taylor needs degree 8
/// for that). One constant ln2/2 (no hi/lo split): its error, 1.2·10⁻¹⁷ per unit of k, moves tanh
/// by < 0.1 ulp. 2^k by `vscalefpd` (which takes floor(k + j/16) = k), sign restored by one
/// `vpternlogq`, quotient by `vdivpd`: 20 vector operations per 8 values besides the division (the
/// previous Estrin-form Taylor polynomial to r¹³ on |r| ≤ ln2/2 took ≈ 28), so the loop now runs at
/// the divider's rate (one 8-lane `vdivpd` per ≈ 14.6 cycles, measured) — Benchmarks/results/kernels.md.
CK_INLINE vdbl v_tanh(vdbl xv) {
    __m512d x = (__m512d)xv;
    __m512d a = _mm512_min_pd(_mm512_set1_pd(20.0), _mm512_abs_pd(x));
    const __m512d shifter = _mm512_set1_pd(0x1.8p48);  // ulp 1/16: t holds m = 16k + j in its low bits
    __m512d t = _mm512_fmadd_round_pd(a, _mm512_set1_pd(2.0 * CK_LOG2E), shifter, _MM_FROUND_TO_NEG_INF | _MM_FROUND_NO_EXC);
    __m512d kd = _mm512_sub_pd(t, shifter);                                       // m/16 = k + j/16
    __m512d r = _mm512_fnmadd_pd(kd, _mm512_set1_pd(0x1.62e42fefa39efp-2), a);    // a − (m/16)·ln2/2
    __m512i j = _mm512_castpd_si512(t);                                           // vpermi2pd reads bits 0–3
    __m512d hi = _mm512_permutex2var_pd(_mm512_loadu_pd(CK_TANH_EXP2_HI), j, _mm512_loadu_pd(CK_TANH_EXP2_HI + 8));
    __m512d corr = _mm512_permutex2var_pd(_mm512_loadu_pd(CK_TANH_EXP2_CORR), j, _mm512_loadu_pd(CK_TANH_EXP2_CORR + 8));
    __m512d q = _mm512_set1_pd(0x1.a6d54b32187dfp-6);
    q = _mm512_fmadd_pd(q, r, _mm512_set1_pd(0x1.6c0c79947cc05p-4));
    q = _mm512_fmadd_pd(q, r, _mm512_set1_pd(0x1.111118253ba68p-2));
    q = _mm512_fmadd_pd(q, r, _mm512_set1_pd(0x1.5555555122f1ep-1));
    q = _mm512_fmadd_pd(q, r, _mm512_set1_pd(0x1.555555555619bp+0));
    q = _mm512_fmadd_pd(q, r, _mm512_set1_pd(2.0));
    __m512d p = _mm512_fmadd_pd(r, _mm512_set1_pd(2.0), _mm512_fmadd_pd(_mm512_mul_pd(r, r), q, corr));
    __m512d s = _mm512_scalef_pd(hi, kd);                         // 2^k · hi
    __m512d u = _mm512_fmadd_pd(s, p, _mm512_sub_pd(s, _mm512_set1_pd(1.0)));
    __m512d th = _mm512_div_pd(u, _mm512_add_pd(u, _mm512_set1_pd(2.0)));
    // th | (x & sign): th ≥ 0 (or NaN); imm 0xF8 = A | (B & C).
    __m512i bits = _mm512_ternarylogic_epi64(_mm512_castpd_si512(th), _mm512_castpd_si512(x),
                                             _mm512_set1_epi64(INT64_MIN), 0xF8);
    return (vdbl)_mm512_castsi512_pd(bits);
}
#else
CK_INLINE vdbl v_tanh(vdbl x) {
    vdbl a = v_min(v_abs(x), v_splat(20.0));
    vdbl u = v_expm1_small_positive(a + a);
    vdbl t = v_divide_positive(u, u + v_splat(2.0));
    vdbl signed_t = (vdbl)((vi64)t | ((vi64)x & (vi64)v_splat(-0.0)));
    return v_select(x != x, x, signed_t);
}
#endif

/// log1p(t) for 0 ≤ t ≤ 1.
CK_INLINE vdbl v_log1p_unit(vdbl t) {
    vdbl s = t / (v_splat(2.0) + t), s2 = s * s;
    vdbl q = v_splat(1.0 / 35);
    q = q * s2 + v_splat(1.0 / 33);
    q = q * s2 + v_splat(1.0 / 31);
    q = q * s2 + v_splat(1.0 / 29);
    q = q * s2 + v_splat(1.0 / 27);
    q = q * s2 + v_splat(1.0 / 25);
    q = q * s2 + v_splat(1.0 / 23);
    q = q * s2 + v_splat(1.0 / 21);
    q = q * s2 + v_splat(1.0 / 19);
    q = q * s2 + v_splat(1.0 / 17);
    q = q * s2 + v_splat(1.0 / 15);
    q = q * s2 + v_splat(1.0 / 13);
    q = q * s2 + v_splat(1.0 / 11);
    q = q * s2 + v_splat(1.0 / 9);
    q = q * s2 + v_splat(1.0 / 7);
    q = q * s2 + v_splat(1.0 / 5);
    q = q * s2 + v_splat(1.0 / 3);
    vdbl twoS = s + s;
    return twoS + twoS * (s2 * q);
}

CK_INLINE vdbl v_softplus(vdbl z) {
    vdbl t = v_exp_nonpositive(-v_abs(z));
    vdbl r = v_max(z, v_splat(0.0)) + v_log1p_unit(t);
    return v_select(z != z, z, v_select(z == v_splat(__builtin_inf()), z, r));
}

/// logistic(z) and 1 − logistic(z), both without cancellation.
CK_INLINE void v_logistic_pair(vdbl z, vdbl *s, vdbl *sc) {
    vdbl t = v_exp_nonpositive(-v_abs(z));
    vdbl inv = v_splat(1.0) / (v_splat(1.0) + t), small = t * inv;
    vi64 positive = z >= v_splat(0.0);
    *s = v_select(positive, inv, small);
    *sc = v_select(positive, small, inv);
}

/// z · logistic(z); for z < 0 as (z / (1 + e^{z})) · e^{z} with the factor applied before e^{z}'s
/// last rounding, so that results in the subnormal range keep their accuracy.
CK_INLINE vdbl v_silu(vdbl z) {
    vdbl m, s1, s2;
    v_exp_parts(-v_abs(z), &m, &s1, &s2);
    vdbl t = (m * s1) * s2, onePlus = v_splat(1.0) + t;
    vdbl positive = z / onePlus;
    vdbl negative = ((z / onePlus) * m * s1) * s2;
    vdbl r = v_select(z >= v_splat(0.0), positive, negative);
    r = v_select(z < v_splat(-800.0), v_splat(-0.0), r);  // |z e^z| < 2^-1100: rounds to −0
    return v_select(z != z, z, r);
}

#endif
