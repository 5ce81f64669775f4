#ifndef ORRERY_LANE_KERNELS_H
#define ORRERY_LANE_KERNELS_H

/// Kernels of the lane integrator (four interleaved states, component i of lane l at [4*i + l]),
/// built for AVX2 through a function attribute (no build flags) and used only when the CPU and
/// OS support AVX2. They perform exactly the IEEE operations of the Swift code they replace, in
/// the same order and without fused multiply-add, so the results are identical bit for bit.

/// 1 when AVX2 can be used (CPUID leaf 7 and the OS saving YMM state), else 0.
int orrery_lanes_have_avx2(void);

/// out[i] = y[i] + Σ_q (h·values[q]) * k_q[i] over lanes (just the sum when y is NULL), each
/// product added to an accumulator starting at +0 in term order, y added last. n components,
/// m terms; stage row k_q starts 4·offsets[q] bytes into `stages` (offsets are those of one
/// state, as in RungeKuttaStepper); h holds the 4 lanes' step sizes.
void orrery_lanes_combine_avx2(long n, long m, const long *offsets, const double *values, const double *h,
                               const double *stages, const double *y, double *out);

/// The sums of RungeKuttaStepper.scaledErrorNorm for four lanes: sum[l] = Σ_i r², r = err/sc,
/// sum2[l] likewise from err2 (skipped when err2 is NULL), sc = atol + rtol·max(|y|, |yNew|)
/// with Swift's max (yNew when ≥ y, else y).
void orrery_lanes_error_sums_avx2(long n, const double *err, const double *err2, const double *y, const double *yNew,
                                  double rtol, double atol, double *sum, double *sum2);

/// A filter for non-finite values: bit l set when lane l's sum of a (n components) plus its sum
/// of b is not finite — always when a value of the lane is NaN or ±∞, and also (rarely) when finite
/// values overflow the sum, so a set bit means "look closer", a clear bit "all finite".
int orrery_lanes_maybe_nonfinite_avx2(long n, const double *a, const double *b);

/// Newtonian gravity of three bodies for four lanes: y (18 × 4), p = masses and G (4 × 4),
/// eps2 the squared softening, dy (18 × 4). The formula of NBodyGravity.evaluateThreeBodies.
void orrery_lanes_three_body_avx2(const double *y, const double *p, double eps2, double *dy);

/// 1 when AVX-512 (AVX512F, with the OS saving opmask and ZMM state) can be used, else 0.
int orrery_lanes_have_avx512(void);

/// Eight-lane twins (component i of lane l at [8*i + l]; stage row k_q at 8·offsets[q] bytes,
/// h, sum and sum2 eight doubles) of the kernels above, built for AVX512F (LaneKernels512.c),
/// used only where orrery_lanes_have_avx512(). The same operations in the same order.
void orrery_lanes_combine_avx512(long n, long m, const long *offsets, const double *values, const double *h,
                                 const double *stages, const double *y, double *out);
void orrery_lanes_error_sums_avx512(long n, const double *err, const double *err2, const double *y, const double *yNew,
                                    double rtol, double atol, double *sum, double *sum2);
int orrery_lanes_maybe_nonfinite_avx512(long n, const double *a, const double *b);
/// y (18 × 8), p (4 × 8), dy (18 × 8).
void orrery_lanes_three_body_avx512(const double *y, const double *p, double eps2, double *dy);

/// Three bodies in Sundman time (SundmanNBodyGravity.evaluateThreeBodies): y and dy 19 components
/// (positions, velocities, the physical time), p = masses and G; four lanes (AVX2) or eight (AVX-512).
void orrery_lanes_three_body_sundman_avx2(const double *y, const double *p, double eps2, double *dy);
void orrery_lanes_three_body_sundman_avx512(const double *y, const double *p, double eps2, double *dy);

#endif
