// Dense-layer products for the MLP kernels, included once per target. Activations are stored
// feature-major: a layer's values for a chunk of states form a `width × ld` row-major block
// (state b in column b; `ld` = the chunk padded to a multiple of CK_NR = 2·CK_VW, or 1 for one state).
//
// - gemm_nn: C = bias + A·B, A(i, k) = a[i·rs + k·ks] (W with rs = fanIn, ks = 1; Wᵀ with
//   rs = 1, ks = fanIn), B `K × ld`. Register-blocked micro-kernel of CK_MR rows × 2 vectors (8
//   columns with 4 lanes, 16 with AVX-512's 8):
//   2·CK_MR vector accumulators, per k two loads of B and CK_MR broadcasts of A
//   (Goto & van de Geijn 2008, "Anatomy of high-performance matrix multiplication"); 2 × 4 vectors
//   when M ≤ 2 (tile_nn_wide); the activation (if any) applied to each column strip as its epilogue.
// - gemm_nt_acc: C += G·Hᵀ (the batch is the inner dimension: ∂W += G Hᵀ), micro-kernel of
//   CK_NT_MR rows of G × CK_NT_NR rows of H, vector accumulators over the batch, summed at the end.
// - one-state (ld = 1) forms: matvec (4 rows at a time), matvec_t (Wᵀg, 4 rows of W per sweep)
//   and the outer-product update.
#ifndef CK_GEMM_IMPL_H
#define CK_GEMM_IMPL_H

#include "vecmath.h"

/// The columns one micro-kernel tile covers (two vectors); `ld` of a chunk is a multiple of it.
#define CK_NR (2 * CK_VW)

/// C[0 ..< mr, 0 ..< CK_NR] = (accumulate ? C : bias) + A·B over k < K; B rows `ldb` apart, C rows `ldc` apart.
CK_INLINE void tile_nn(const int mr, const double *a, long rs, long ks, const double *b, long ldb, long K,
                       const double *bias, double *c, long ldc, int accumulate) {
    vdbl acc0[8], acc1[8];  // CK_MR ≤ 8
    for (int r = 0; r < mr; r++) {
        if (accumulate) { acc0[r] = v_load(c + r * ldc); acc1[r] = v_load(c + r * ldc + CK_VW); }
        else { acc0[r] = v_splat(bias ? bias[r] : 0.0); acc1[r] = acc0[r]; }
    }
    for (long k = 0; k < K; k++) {
        const double *bk = b + k * ldb, *ak = a + k * ks;
        vdbl b0 = v_load(bk), b1 = v_load(bk + CK_VW);
        for (int r = 0; r < mr; r++) {
            vdbl ar = v_splat(ak[r * rs]);
            acc0[r] = acc0[r] + ar * b0;
            acc1[r] = acc1[r] + ar * b1;
        }
    }
    for (int r = 0; r < mr; r++) { v_store(c + r * ldc, acc0[r]); v_store(c + r * ldc + CK_VW, acc1[r]); }
}

/// The same product for mr ≤ 2 rows × 4 vectors (the output layer of a low-dimensional field, and
/// Wᵀg of its input layer): 4·mr independent accumulators instead of 2·mr, so the chain of fused
/// multiply–adds does not wait on its own latency. Every element is summed in the same order as by
/// tile_nn (bias first, then k = 0, 1, …), so the results are the same bits.
CK_INLINE void tile_nn_wide(const int mr, const double *a, long rs, long ks, const double *b, long ldb, long K,
                            const double *bias, double *c, long ldc, int accumulate) {
    vdbl acc[2][4];
    for (int r = 0; r < mr; r++)
        for (int q = 0; q < 4; q++)
            acc[r][q] = accumulate ? v_load(c + r * ldc + q * CK_VW) : v_splat(bias ? bias[r] : 0.0);
    for (long k = 0; k < K; k++) {
        const double *bk = b + k * ldb, *ak = a + k * ks;
        vdbl bv[4];
        for (int q = 0; q < 4; q++) bv[q] = v_load(bk + q * CK_VW);
        for (int r = 0; r < mr; r++) {
            vdbl ar = v_splat(ak[r * rs]);
            for (int q = 0; q < 4; q++) acc[r][q] = acc[r][q] + ar * bv[q];
        }
    }
    for (int r = 0; r < mr; r++)
        for (int q = 0; q < 4; q++) v_store(c + r * ldc + q * CK_VW, acc[r][q]);
}

/// Applies activation `act` (or nothing when act < 0) to a column strip C[0 ..< rows, 0 ..< width]
/// just computed by the micro-kernels (still in L1), keeping the pre-activation in `z` (rows `ldc`
/// apart) when z is not NULL: the bias + activation epilogue of gemm_nn, strip by strip. Per strip
/// rather than per register tile, because tanh's ~20 constant vectors do not fit beside a tile's 16
/// accumulators: re-broadcasting them per 8 × 16 tile cost 5 % of a 64-wide layer (measured).
static void strip_activate(int act, long rows, long width, double *c, long ldc, double *z) {
    if (act < 0) return;
    if (z)
        for (long r = 0; r < rows; r++)
            for (long q = 0; q < width; q += CK_VW) v_store(z + r * ldc + q, v_load(c + r * ldc + q));
#define CK_STRIP(f)                                                                                      \
    for (long r = 0; r < rows; r++)                                                                      \
        for (long q = 0; q < width; q += CK_VW) v_store(c + r * ldc + q, f(v_load(c + r * ldc + q)))
    switch (act) {
    case 0: CK_STRIP(v_tanh); break;
    case 1: CK_STRIP(v_softplus); break;
    default: CK_STRIP(v_silu); break;
    }
#undef CK_STRIP
}

#define CK_TILE_NN(m) tile_nn(m, a + i * rs, rs, ks, b + j, ldb, K, bias ? bias + i : 0, c + i * ldc + j, ldc, accumulate)
#define CK_TILE_NN_WIDE(m) \
    tile_nn_wide(m, a + i * rs, rs, ks, b + j, ldb, K, bias ? bias + i : 0, c + i * ldc + j, ldc, accumulate)

/// C = σ(bias + A·B) for K ≤ 2 (the first layer of a field of one or two state components), one
/// vector at a time with the activation applied at once: its two multiply–adds then run on the FMA
/// ports while the activation's divisions occupy the divider, instead of in a pass of their own
/// before it (they cost ≈ 13 % of 2-64-64-2's layer 1 that way). The same sums in the same order as
/// tile_nn (bias, then k = 0, 1), so the same bits.
static void gemm_small_k_act(long M, long K, long N, const double *a, long rs, long ks, const double *b, long ldb,
                             const double *bias, double *c, long ldc, int act) {
#define CK_SMALL_K(f)                                                                                       \
    for (long i = 0; i < M; i++) {                                                                          \
        vdbl b0 = v_splat(bias ? bias[i] : 0.0), a0 = v_splat(a[i * rs]), a1 = v_splat(K > 1 ? a[i * rs + ks] : 0.0); \
        for (long q = 0; q < N; q += CK_VW) {                                                               \
            vdbl sum = b0 + a0 * v_load(b + q);                                                             \
            if (K > 1) sum = sum + a1 * v_load(b + ldb + q);                                                \
            v_store(c + i * ldc + q, f(sum));                                                               \
        }                                                                                                   \
    }
    switch (act) {
    case 0: CK_SMALL_K(v_tanh); break;
    case 1: CK_SMALL_K(v_softplus); break;
    default: CK_SMALL_K(v_silu); break;
    }
#undef CK_SMALL_K
}

/// C (M × N) = bias + A·B, or C += A·B with `accumulate`; N a multiple of CK_NR. With act ≥ 0 (a
/// CK_TANH … kind) C = σ(bias + A·B) and, when z is not NULL, z (same layout as C) = bias + A·B.
static void gemm_nn_general(long M, long K, long N, const double *a, long rs, long ks, const double *b, long ldb,
                            const double *bias, double *c, long ldc, int accumulate, int act, double *z) {
#if CK_VW == 8
    // AVX-512 only: with 16 registers (AVX2) the activation's constants do not stay in registers
    // beside the loop's (8 states: 3.09 → 3.27 µs for 2-64-64-2, measured).
    if (K >= 1 && K <= 2 && act >= 0 && !z && !accumulate && M > 2) {
        gemm_small_k_act(M, K, N, a, rs, ks, b, ldb, bias, c, ldc, act);
        return;
    }
#endif
    long j = 0;
    if (M <= 2)
        for (; j + 4 * CK_VW <= N; j += 4 * CK_VW) {
            long i = 0;
            if (M == 2) CK_TILE_NN_WIDE(2);
            else if (M == 1) CK_TILE_NN_WIDE(1);
            strip_activate(act, M, 4 * CK_VW, c + j, ldc, z ? z + j : 0);
        }
    for (; j < N; j += CK_NR) {
        long i = 0;
        for (; i + CK_MR <= M; i += CK_MR) CK_TILE_NN(CK_MR);
        switch (M - i) {
        case 1: CK_TILE_NN(1); break;
        case 2: CK_TILE_NN(2); break;
        case 3: CK_TILE_NN(3); break;
        case 4: CK_TILE_NN(4); break;
        case 5: CK_TILE_NN(5); break;
#if CK_MR > 6
        case 6: CK_TILE_NN(6); break;
        case 7: CK_TILE_NN(7); break;
#endif
        default: break;
        }
        strip_activate(act, M, CK_NR, c + j, ldc, z ? z + j : 0);
    }
}

/// C (M × ld) = bias + A·B for B `K × ld` (feature-major blocks of a chunk); with act ≥ 0,
/// C = σ(bias + A·B) and z (if not NULL) = bias + A·B.
static void gemm_nn(long M, long K, long ld, const double *a, long rs, long ks, const double *b,
                    const double *bias, double *c, int act, double *z) {
    gemm_nn_general(M, K, ld, a, rs, ks, b, ld, bias, c, ld, 0, act, z);
}

CK_INLINE void tile_nt(const int mr, const int nr, const double *g, const double *h, long ld, double *c, long ldc) {
    vdbl acc[4][4];
    for (int r = 0; r < mr; r++)
        for (int q = 0; q < nr; q++) acc[r][q] = v_splat(0.0);
    for (long k = 0; k < ld; k += CK_VW) {
        vdbl hv[4];
        for (int q = 0; q < nr; q++) hv[q] = v_load(h + q * ld + k);
        for (int r = 0; r < mr; r++) {
            vdbl gv = v_load(g + r * ld + k);
            for (int q = 0; q < nr; q++) acc[r][q] = acc[r][q] + gv * hv[q];
        }
    }
    for (int r = 0; r < mr; r++)
        for (int q = 0; q < nr; q++) c[r * ldc + q] += v_sum(acc[r][q]);
}

CK_INLINE void nt_rows(const int mr, long N, const double *g, const double *h, long ld, double *c, long ldc) {
    long j = 0;
    for (; j + CK_NT_NR <= N; j += CK_NT_NR) tile_nt(mr, CK_NT_NR, g, h + j * ld, ld, c + j, ldc);
    switch (N - j) {
    case 1: tile_nt(mr, 1, g, h + j * ld, ld, c + j, ldc); break;
    case 2: tile_nt(mr, 2, g, h + j * ld, ld, c + j, ldc); break;
    case 3: tile_nt(mr, 3, g, h + j * ld, ld, c + j, ldc); break;
    default: break;
    }
}

/// C (M × N, row stride ldc) += G (M × ld) · Hᵀ (H: N × ld); ld a multiple of CK_VW.
/// With CK_NT_TRANSPOSE (AVX-512) and N a multiple of CK_NR, Hᵀ's first `count` rows are written to
/// `ht` (count × N) and the product runs as rank-1 updates over the batch with the gemm_nn tiles
/// accumulating into C (no horizontal sums: with 8 lanes and a batch of 32 the dot-product tiles
/// would spend as long reducing as multiplying); columns ≥ count of G must be zero otherwise.
static void gemm_nt_acc(long M, long N, long ld, long count, const double *g, const double *h, double *c, long ldc,
                        double *ht) {
#ifdef CK_NT_TRANSPOSE
    if (N % CK_NR == 0 && ht) {
        for (long b = 0; b < count; b++)
            for (long j = 0; j < N; j++) ht[b * N + j] = h[j * ld + b];
        gemm_nn_general(M, count, N, g, ld, 1, ht, N, 0, c, ldc, 1, -1, 0);
        return;
    }
#else
    (void)count; (void)ht;
#endif
    long i = 0;
    for (; i + CK_NT_MR <= M; i += CK_NT_MR) nt_rows(CK_NT_MR, N, g + i * ld, h, ld, c + i * ldc, ldc);
    switch (M - i) {
    case 1: nt_rows(1, N, g + i * ld, h, ld, c + i * ldc, ldc); break;
    case 2: nt_rows(2, N, g + i * ld, h, ld, c + i * ldc, ldc); break;
    case 3: nt_rows(3, N, g + i * ld, h, ld, c + i * ldc, ldc); break;
    default: break;
    }
}

/// z = W x + b for row-major W (M × K), one state.
static void matvec(long M, long K, const double *w, const double *x, const double *bias, double *z) {
    long i = 0;
    for (; i + 4 <= M; i += 4) {
        const double *r0 = w + i * K, *r1 = r0 + K, *r2 = r1 + K, *r3 = r2 + K;
        vdbl a0 = v_splat(0), a1 = a0, a2 = a0, a3 = a0;
        long k = 0;
        for (; k + CK_VW <= K; k += CK_VW) {
            vdbl xv = v_load(x + k);
            a0 = a0 + v_load(r0 + k) * xv;
            a1 = a1 + v_load(r1 + k) * xv;
            a2 = a2 + v_load(r2 + k) * xv;
            a3 = a3 + v_load(r3 + k) * xv;
        }
        double s0 = v_sum(a0), s1 = v_sum(a1), s2 = v_sum(a2), s3 = v_sum(a3);
        for (; k < K; k++) { s0 += r0[k] * x[k]; s1 += r1[k] * x[k]; s2 += r2[k] * x[k]; s3 += r3[k] * x[k]; }
        z[i] = s0 + bias[i]; z[i + 1] = s1 + bias[i + 1]; z[i + 2] = s2 + bias[i + 2]; z[i + 3] = s3 + bias[i + 3];
    }
    for (; i < M; i++) {
        const double *r0 = w + i * K;
        vdbl a0 = v_splat(0);
        long k = 0;
        for (; k + CK_VW <= K; k += CK_VW) a0 = a0 + v_load(r0 + k) * v_load(x + k);
        double s0 = v_sum(a0);
        for (; k < K; k++) s0 += r0[k] * x[k];
        z[i] = s0 + bias[i];
    }
}

/// y[j] = Σ_i g[i] W[i, j] for j < N, W row-major with row stride K (N ≤ K), one state.
static void matvec_t(long M, long N, long K, const double *w, const double *g, double *y) {
    for (long j = 0; j < N; j++) y[j] = 0;
    long i = 0;
    for (; i + 4 <= M; i += 4) {
        const double *r0 = w + i * K, *r1 = r0 + K, *r2 = r1 + K, *r3 = r2 + K;
        vdbl g0 = v_splat(g[i]), g1 = v_splat(g[i + 1]), g2 = v_splat(g[i + 2]), g3 = v_splat(g[i + 3]);
        long j = 0;
        for (; j + CK_VW <= N; j += CK_VW)
            v_store(y + j, v_load(y + j) + g0 * v_load(r0 + j) + g1 * v_load(r1 + j) + g2 * v_load(r2 + j)
                               + g3 * v_load(r3 + j));
        for (; j < N; j++) y[j] += g[i] * r0[j] + g[i + 1] * r1[j] + g[i + 2] * r2[j] + g[i + 3] * r3[j];
    }
    for (; i < M; i++) {
        const double *r0 = w + i * K;
        vdbl g0 = v_splat(g[i]);
        long j = 0;
        for (; j + CK_VW <= N; j += CK_VW) v_store(y + j, v_load(y + j) + g0 * v_load(r0 + j));
        for (; j < N; j++) y[j] += g[i] * r0[j];
    }
}

/// C (M × N) += g hᵀ, one state.
static void outer_acc(long M, long N, const double *g, const double *h, double *c) {
    for (long i = 0; i < M; i++) {
        vdbl gi = v_splat(g[i]);
        double *ci = c + i * N;
        long j = 0;
        for (; j + CK_VW <= N; j += CK_VW) v_store(ci + j, v_load(ci + j) + gi * v_load(h + j));
        for (; j < N; j++) ci[j] += g[i] * h[j];
    }
}

#endif
