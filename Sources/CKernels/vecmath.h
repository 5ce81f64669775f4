// Vector math on four doubles (GCC/Clang vector extensions), included by each
// implementation file so that it is compiled once per target (baseline, AVX2+FMA).
//
// Methods (all with round-to-nearest, no table lookups):
// - exp/expm1: Cody–Waite range reduction x = k·ln2 + r, |r| ≤ ln2/2 (ln2 split in a high part
//   with zero low bits and a low part, as in fdlibm's e_exp.c), expm1(r) by its Taylor series to
//   r¹³ (truncation < 0.02 ulp on that interval) in Horner form, then e^x = 2^k (1 + expm1(r))
//   with 2^k built from the exponent bits (two factors, so results reach the subnormal range).
// - tanh(x) = sign(x) · u / (u + 2) with u = expm1(2|x|) (e.g. Muller, "Elementary Functions",
//   and fdlibm's s_tanh.c), which keeps full relative accuracy near 0; |x| ≥ 20 gives ±1.
// - log1p(t) for t ∈ [0, 1]: s = t / (2 + t), log1p(t) = 2 atanh(s) = 2s + 2s·s²(1/3 + s²/5 + …),
//   the series to s³⁵ (s ≤ 1/3: truncation < 1e-18 relative).
// - softplus(z) = max(z, 0) + log1p(e^{−|z|}); logistic(z) = 1/(1 + e^{−z}) or e^{z}/(1 + e^{z}),
//   always with the exponential of −|z| so nothing overflows.
#ifndef CK_VECMATH_H
#define CK_VECMATH_H

#include <stdint.h>
#include <string.h>

typedef double v4d __attribute__((vector_size(32)));
typedef int64_t v4i __attribute__((vector_size(32)));

#define CK_INLINE static inline __attribute__((always_inline))

CK_INLINE v4d v_load(const double *p) { v4d v; memcpy(&v, p, sizeof v); return v; }
CK_INLINE void v_store(double *p, v4d v) { memcpy(p, &v, sizeof v); }
CK_INLINE v4d v_splat(double x) { return (v4d){x, x, x, x}; }
CK_INLINE v4d v_select(v4i mask, v4d a, v4d b) { return (v4d)((mask & (v4i)a) | (~mask & (v4i)b)); }
CK_INLINE v4d v_abs(v4d x) { return (v4d)((v4i)x & (v4i){INT64_MAX, INT64_MAX, INT64_MAX, INT64_MAX}); }
CK_INLINE v4d v_min(v4d a, v4d b) { return v_select(a < b, a, b); }
CK_INLINE v4d v_max(v4d a, v4d b) { return v_select(a > b, a, b); }
CK_INLINE double v_sum(v4d v) { return (v[0] + v[2]) + (v[1] + v[3]); }

/// expm1(r) for |r| ≤ ln2/2 + a little: r + r²·(1/2! + r/3! + … + r¹¹/13!).
CK_INLINE v4d v_expm1_reduced(v4d r) {
    v4d q = v_splat(1.0 / 6227020800.0);          // 1/13!
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
CK_INLINE v4d v_reduce(v4d x, v4i *k) {
    v4d shifted = x * v_splat(CK_LOG2E) + v_splat(CK_SHIFTER);
    v4d kd = shifted - v_splat(CK_SHIFTER);
    *k = (v4i)shifted - (v4i)v_splat(CK_SHIFTER);
    return (x - kd * v_splat(CK_LN2_HI)) - kd * v_splat(CK_LN2_LO);
}

/// 2^k for −1022 ≤ k ≤ 1023.
CK_INLINE v4d v_pow2(v4i k) { return (v4d)((k + 1023) << 52); }

/// e^x = (m · s1) · s2 for x ≤ 0 (x < −800 is taken as −800, whose e^x is 0 even after a factor ≤ 2^100; NaN is not handled here): m = 1 + expm1(r)
/// and two powers of two, so that a factor can be applied before the final (maybe subnormal) rounding.
CK_INLINE void v_exp_parts(v4d x, v4d *m, v4d *s1, v4d *s2) {
    x = v_max(x, v_splat(-800.0));
    v4i k;
    v4d p = v_expm1_reduced(v_reduce(x, &k));
    v4i k1 = k / 2;
    *m = v_splat(1.0) + p;
    *s1 = v_pow2(k1);
    *s2 = v_pow2(k - k1);
}

CK_INLINE v4d v_exp_nonpositive(v4d x) {
    v4d m, s1, s2;
    v_exp_parts(x, &m, &s1, &s2);
    return (m * s1) * s2;
}

/// expm1(x) for 0 ≤ x ≤ 40.
CK_INLINE v4d v_expm1_small_positive(v4d x) {
    v4i k;
    v4d p = v_expm1_reduced(v_reduce(x, &k));
    v4d s = v_pow2(k);
    return s * p + (s - v_splat(1.0));
}

CK_INLINE v4d v_tanh(v4d x) {
    v4d a = v_min(v_abs(x), v_splat(20.0));
    v4d u = v_expm1_small_positive(a + a);
    v4d t = u / (u + v_splat(2.0));
    v4d signed_t = (v4d)((v4i)t | ((v4i)x & (v4i)v_splat(-0.0)));
    return v_select(x != x, x, signed_t);
}

/// log1p(t) for 0 ≤ t ≤ 1.
CK_INLINE v4d v_log1p_unit(v4d t) {
    v4d s = t / (v_splat(2.0) + t), s2 = s * s;
    v4d q = v_splat(1.0 / 35);
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
    v4d twoS = s + s;
    return twoS + twoS * (s2 * q);
}

CK_INLINE v4d v_softplus(v4d z) {
    v4d t = v_exp_nonpositive(-v_abs(z));
    v4d r = v_max(z, v_splat(0.0)) + v_log1p_unit(t);
    return v_select(z != z, z, v_select(z == v_splat(__builtin_inf()), z, r));
}

/// logistic(z) and 1 − logistic(z), both without cancellation.
CK_INLINE void v_logistic_pair(v4d z, v4d *s, v4d *sc) {
    v4d t = v_exp_nonpositive(-v_abs(z));
    v4d inv = v_splat(1.0) / (v_splat(1.0) + t), small = t * inv;
    v4i positive = z >= v_splat(0.0);
    *s = v_select(positive, inv, small);
    *sc = v_select(positive, small, inv);
}

/// z · logistic(z); for z < 0 as (z / (1 + e^{z})) · e^{z} with the factor applied before e^{z}'s
/// last rounding, so that results in the subnormal range keep their accuracy.
CK_INLINE v4d v_silu(v4d z) {
    v4d m, s1, s2;
    v_exp_parts(-v_abs(z), &m, &s1, &s2);
    v4d t = (m * s1) * s2, onePlus = v_splat(1.0) + t;
    v4d positive = z / onePlus;
    v4d negative = ((z / onePlus) * m * s1) * s2;
    v4d r = v_select(z >= v_splat(0.0), positive, negative);
    r = v_select(z < v_splat(-800.0), v_splat(-0.0), r);  // |z e^z| < 2^-1100: rounds to −0
    return v_select(z != z, z, r);
}

#endif
