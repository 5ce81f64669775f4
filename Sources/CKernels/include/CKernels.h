// CKernels — the hot numerical kernels of Orrery's neural vector fields, in C.
//
// What is here: vectorized activations (tanh, softplus, SiLU and the derivatives a reverse
// pass needs) and a batched multilayer-perceptron forward pass and vector–Jacobian product
// (matrix–matrix over a batch of states with a register-blocked micro-kernel).
//
// How the CPU's vector units are used (issue 13): every kernel is compiled three times from one
// source (`mlp_impl.h` and the headers it includes): for the x86-64 baseline (SSE2, what the
// package builds for), with `#pragma clang attribute push(__attribute__((target("avx2,fma"))))`,
// i.e. a per-function target attribute, and with `target("avx512f,avx512dq,avx512vl,…")` and
// 8-wide vectors. The implementation is picked once per process at run time from CPUID and
// XGETBV (AVX2 + FMA + OS support for YMM state; AVX-512 F/DQ/VL + OS support for opmask and
// ZMM state). No `unsafeFlags` and no
// `-march` are needed: the library manifest stays portable (SwiftPM refuses `unsafeFlags` in
// dependencies, and `-march=native` would make a binary that crashes on an older CPU), while a
// CPU with AVX2/FMA or AVX-512 still gets 4- or 8-wide fused multiply–adds. The environment
// variable `ORRERY_KERNELS` (read once, at first use) caps the level: `baseline`, `avx2` or
// `avx512` (the best the CPU runs at or below it); `ck_kernels_for` hands tests each
// implementation explicitly so that they can compare them.
//
// Determinism: each implementation uses a fixed summation order, independent of threads, so the
// same machine gives the same bytes. The implementations differ from each other in the last bits
// (fused vs separate multiply–add, 4 or 8 lanes, different blocking, tanh's polynomial evaluation), so results
// on machines with different vector units (or with a different ORRERY_KERNELS) may differ in the
// last bits.
//
// Activation accuracy (measured in Tests/ModelsTests/ActivationKernelTests.swift against
// long-double references over >1e6 points incl. tiny, large, ±inf and NaN): see ck_activation_forward.
#ifndef CKERNELS_H
#define CKERNELS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Activation kinds, in the order of Swift's `Activation` enum.
enum { CK_TANH = 0, CK_SOFTPLUS = 1, CK_SILU = 2 };

/// Instruction-set levels.
enum { CK_ISA_BASELINE = 0, CK_ISA_AVX2_FMA = 1, CK_ISA_AVX512 = 2 };

/// A multilayer perceptron as `MLPVectorField` lays it out: for each layer `l`, `W_l`
/// row-major (`sizes[l+1] × sizes[l]`) then `b_l`; hidden layers `h = σ(W h + b)`, output
/// `output_scale · (W_L h + b_L)`. The network input is a state row of `sizes[0] − time_input`
/// values, followed by `t` when `time_input` is 1.
typedef struct ck_mlp {
    const long *sizes;      // layer_count + 1 sizes
    long layer_count;       // affine layers (≥ 1)
    int activation;         // CK_TANH, CK_SOFTPLUS or CK_SILU
    int time_input;         // 1: `t` is appended to the input
    double output_scale;    // factor on the output layer
} ck_mlp;

/// One implementation of every kernel (baseline, AVX2+FMA or AVX-512).
typedef struct ck_kernels {
    int isa;
    const char *name;
    /// h[k] = σ(z[k]) for k < n (h may equal z). Accuracy (max error over the whole double
    /// range vs a long-double reference, asserted by the tests): tanh ≤ 3 ulp, softplus ≤ 3 ulp,
    /// SiLU ≤ 4 ulp (measured maxima over 2·10⁶ points: 2.5, 2.6, 2.9 ulp, every implementation).
    void (*activation_forward)(int kind, const double *z, double *h, long n);
    /// g[k] *= σ'(z[k]) given h = σ(z) (tanh: 1 − h²; softplus: logistic(z); SiLU: s(1 + z(1 − s))).
    void (*activation_backward)(int kind, double *g, const double *z, const double *h, long n);
    /// out[b] = f(t, states[b]) (or += with accumulate) for `count` rows of `sizes[L]` values;
    /// states rows hold `sizes[0] − time_input` values.
    void (*mlp_forward)(const ck_mlp *net, double t, const double *states, long count, const double *params,
                        double *out, int accumulate);
    /// state_cotangents[b] += v[b]ᵀ ∂f/∂y(states[b]); param_cotangent += Σ_b v[b]ᵀ ∂f/∂θ.
    void (*mlp_vjp)(const ck_mlp *net, double t, const double *states, long count, const double *params,
                    const double *cotangents, double *state_cotangents, double *param_cotangent);
} ck_kernels;

/// The implementation for `isa`, or NULL when this CPU (or OS) cannot run it.
const ck_kernels *ck_kernels_for(int isa);

/// The implementation in use: the best this CPU supports, capped by the environment variable
/// `ORRERY_KERNELS` (`baseline`, `avx2` or `avx512`; read once; other values are ignored).
const ck_kernels *ck_kernels_active(void);

/// Convenience wrappers over `ck_kernels_active()`.
void ck_activation_forward(int kind, const double *z, double *h, long n);
void ck_activation_backward(int kind, double *g, const double *z, const double *h, long n);
void ck_mlp_forward(const ck_mlp *net, double t, const double *states, long count, const double *params,
                    double *out, int accumulate);
void ck_mlp_vjp(const ck_mlp *net, double t, const double *states, long count, const double *params,
                const double *cotangents, double *state_cotangents, double *param_cotangent);

#ifdef __cplusplus
}
#endif

#endif
