// The batched MLP forward pass and vector–Jacobian product, included once per target.
//
// A batch is processed in chunks of at most CK_CHUNK states; within a chunk every layer is one
// matrix–matrix product over feature-major blocks (gemm_impl.h) whose epilogue applies the
// activation column strip by column strip (strip_activate); the VJP's forward keeps z = W h + b only
// for activations whose derivative needs it (softplus, SiLU; tanh's is 1 − h²). Padding columns
// (chunk rounded up to CK_NR) hold zero inputs and zero cotangents, so they stay finite and add
// nothing to the parameter cotangent.
//
// Reverse pass (as MLPVectorField's documentation): G_L = scale · Vᵀ, then for l = L … 0:
// ∂b_l += Σ_b G_l[:, b], ∂W_l += G_l H_{l−1}ᵀ, G_{l−1} = (W_lᵀ G_l) ⊙ σ'(Z_{l−1}); the state
// cotangents are the first rows of W_0ᵀ G_0.
#ifndef CK_MLP_IMPL_H
#define CK_MLP_IMPL_H

#include "CKernels.h"
#include "activations_impl.h"
#include "gemm_impl.h"
#include "scratch.h"

#define CK_CHUNK 64
#define CK_MAX_LAYERS 64

static long mlp_max_width(const ck_mlp *net) {
    long m = 0;
    for (long l = 0; l <= net->layer_count; l++) m = net->sizes[l] > m ? net->sizes[l] : m;
    return m;
}

static long chunk_ld(long nb) { return nb == 1 ? 1 : (nb + CK_NR - 1) / CK_NR * CK_NR; }

/// Loads a chunk of states into the feature-major block x (sizes[0] × ld), t in the last row.
static void load_inputs(const ck_mlp *net, double t, const double *states, long nb, long ld, double *x) {
    long in0 = net->sizes[0], ds = in0 - net->time_input;
    for (long j = 0; j < ds; j++)
        for (long b = 0; b < ld; b++) x[j * ld + b] = b < nb ? states[b * ds + j] : 0.0;
    if (net->time_input)
        for (long b = 0; b < ld; b++) x[ds * ld + b] = t;
}

/// out = W x + b for a chunk (M × ld), or with act ≥ 0 out = σ(W x + b) and z = W x + b when z is
/// not NULL (z may be NULL when the reverse pass needs only σ(z), as for tanh).
static void affine(long M, long K, long ld, const double *w, const double *x, const double *bias, double *out,
                   int act, double *z) {
    if (ld == 1) {
        matvec(M, K, w, x, bias, z ? z : out);
        if (act >= 0) activation_forward(act, z ? z : out, out, M);
    } else {
        gemm_nn(M, K, ld, w, K, 1, x, bias, out, act, z);
    }
}

static void forward_chunk(const ck_mlp *net, double t, const double *states, long nb, const double *p, double *out,
                          int accumulate, double *scratch, long width) {
    const long *sz = net->sizes;
    long L = net->layer_count, ld = chunk_ld(nb), in0 = sz[0], dout = sz[L];
    double *x = scratch, *next = x + in0 * ld, *spare = next + width * ld;
    load_inputs(net, t, states, nb, ld, x);
    const double *input = x;
    long fanIn = in0, offset = 0;
    for (long l = 0; l < L - 1; l++) {
        long fanOut = sz[l + 1];
        const double *w = p + offset;
        affine(fanOut, fanIn, ld, w, input, w + fanOut * fanIn, next, net->activation, 0);
        input = next;
        double *swap = next; next = spare; spare = swap;
        offset += fanOut * fanIn + fanOut;
        fanIn = fanOut;
    }
    const double *w = p + offset;
    affine(dout, fanIn, ld, w, input, w + dout * fanIn, next, -1, 0);
    double scale = net->output_scale;
    for (long b = 0; b < nb; b++)
        for (long i = 0; i < dout; i++) {
            double v = scale * next[i * ld + b];
            if (accumulate) out[b * dout + i] += v; else out[b * dout + i] = v;
        }
}

#ifdef CK_SMALL_BATCH_TABLE
/// Batches narrower than one tile (AVX-512: < 16 states) go to this table (AVX2), which pads to 8
/// columns instead of 16.
extern const ck_kernels CK_SMALL_BATCH_TABLE;
#endif

static void mlp_forward(const ck_mlp *net, double t, const double *states, long count, const double *p, double *out,
                        int accumulate) {
    if (count <= 0) return;
#ifdef CK_SMALL_BATCH_TABLE
    if (count < CK_NR) { CK_SMALL_BATCH_TABLE.mlp_forward(net, t, states, count, p, out, accumulate); return; }
#endif
    long width = mlp_max_width(net), ds = net->sizes[0] - net->time_input, dout = net->sizes[net->layer_count];
    long ldMax = chunk_ld(count < CK_CHUNK ? count : CK_CHUNK);
    double *scratch = ck_scratch((size_t)((net->sizes[0] + 2 * width) * ldMax));
    if (!scratch) __builtin_trap();
    for (long b0 = 0; b0 < count; b0 += CK_CHUNK) {
        long nb = count - b0 < CK_CHUNK ? count - b0 : CK_CHUNK;
        forward_chunk(net, t, states + b0 * ds, nb, p, out + b0 * dout, accumulate, scratch, width);
    }
}

static void vjp_chunk(const ck_mlp *net, double t, const double *states, long nb, const double *p, const double *v,
                      double *gy, double *gp, double *scratch, long width, long hidden) {
    const long *sz = net->sizes;
    long L = net->layer_count, ld = chunk_ld(nb), in0 = sz[0], dout = sz[L], ds = in0 - net->time_input;
    double *x = scratch, *zs = x + in0 * ld, *hs = zs + hidden * ld, *g = hs + hidden * ld, *spare = g + width * ld;
    double *transposed = spare + width * ld;  // ld × width: Hᵀ for gemm_nt_acc
    long offsets[CK_MAX_LAYERS], hiddenOffsets[CK_MAX_LAYERS];
    load_inputs(net, t, states, nb, ld, x);

    // Forward, keeping Z_l and H_l (hidden layer l at row hiddenOffsets[l] of zs and hs).
    long offset = 0, hoff = 0;
    for (long l = 0; l < L; l++) {
        offsets[l] = offset;
        hiddenOffsets[l] = hoff;
        offset += sz[l + 1] * sz[l] + sz[l + 1];
        if (l < L - 1) hoff += sz[l + 1];
    }
    for (long l = 0; l < L - 1; l++) {
        long fanOut = sz[l + 1], fanIn = sz[l];
        const double *w = p + offsets[l];
        const double *input = l == 0 ? x : hs + hiddenOffsets[l - 1] * ld;
        double *z = zs + hiddenOffsets[l] * ld, *h = hs + hiddenOffsets[l] * ld;
        affine(fanOut, fanIn, ld, w, input, w + fanOut * fanIn, h, net->activation, net->activation == CK_TANH ? 0 : z);
    }

    // Reverse.
    double scale = net->output_scale;
    for (long i = 0; i < dout; i++)
        for (long b = 0; b < ld; b++) g[i * ld + b] = b < nb ? scale * v[b * dout + i] : 0.0;
    for (long l = L - 1; l >= 0; l--) {
        long fanOut = sz[l + 1], fanIn = sz[l];
        const double *w = p + offsets[l];
        const double *a = l == 0 ? x : hs + hiddenOffsets[l - 1] * ld;
        double *gw = gp + offsets[l], *gb = gw + fanOut * fanIn;
        if (ld == 1) {
            for (long i = 0; i < fanOut; i++) gb[i] += g[i];
            outer_acc(fanOut, fanIn, g, a, gw);
        } else {
            for (long i = 0; i < fanOut; i++) {
                vdbl s = v_splat(0.0);
                for (long b = 0; b < ld; b += CK_VW) s = s + v_load(g + i * ld + b);
                gb[i] += v_sum(s);
            }
            gemm_nt_acc(fanOut, fanIn, ld, nb, g, a, gw, fanIn, transposed);
        }
        long rows = l > 0 ? fanIn : ds;
        if (rows == 0) break;
        if (ld == 1) matvec_t(fanOut, rows, fanIn, w, g, spare);
        else gemm_nn(rows, fanOut, ld, w, 1, fanIn, g, 0, spare, -1, 0);
        if (l > 0) {
            long h0 = hiddenOffsets[l - 1] * ld;
            activation_backward(net->activation, spare, zs + h0, hs + h0, fanIn * ld);
            double *swap = g; g = spare; spare = swap;
        } else {
            for (long b = 0; b < nb; b++)
                for (long j = 0; j < ds; j++) gy[b * ds + j] += spare[j * ld + b];
        }
    }
}

static void mlp_vjp(const ck_mlp *net, double t, const double *states, long count, const double *p,
                    const double *cotangents, double *state_cotangents, double *param_cotangent) {
    if (count <= 0) return;
#ifdef CK_SMALL_BATCH_TABLE
    if (count < CK_NR) {
        CK_SMALL_BATCH_TABLE.mlp_vjp(net, t, states, count, p, cotangents, state_cotangents, param_cotangent);
        return;
    }
#endif
    if (net->layer_count > CK_MAX_LAYERS) __builtin_trap();
    long width = mlp_max_width(net), hidden = 0, ds = net->sizes[0] - net->time_input;
    long dout = net->sizes[net->layer_count];
    for (long l = 1; l < net->layer_count; l++) hidden += net->sizes[l];
    long ldMax = chunk_ld(count < CK_CHUNK ? count : CK_CHUNK);
    double *scratch = ck_scratch((size_t)((net->sizes[0] + 2 * hidden + 3 * width) * ldMax));
    if (!scratch) __builtin_trap();
    for (long b0 = 0; b0 < count; b0 += CK_CHUNK) {
        long nb = count - b0 < CK_CHUNK ? count - b0 : CK_CHUNK;
        vjp_chunk(net, t, states + b0 * ds, nb, p, cotangents + b0 * dout, state_cotangents + b0 * ds,
                  param_cotangent, scratch, width, hidden);
    }
}

/// This target's table (CK_TABLE, CK_ISA and CK_NAME are defined by the including file).
const ck_kernels CK_TABLE = {CK_ISA, CK_NAME, activation_forward, activation_backward, mlp_forward, mlp_vjp};

#endif
