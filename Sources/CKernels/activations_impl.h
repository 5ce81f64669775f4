// Activation loops over arrays, built on vecmath.h; included once per target by
// kernels_baseline.c and kernels_avx2.c. A tail of fewer than CK_VW values goes through
// the same vector code (padded), so every element gets the same arithmetic wherever it sits.
#ifndef CK_ACTIVATIONS_IMPL_H
#define CK_ACTIVATIONS_IMPL_H

#include "vecmath.h"

CK_INLINE vdbl act_value(int kind, vdbl z) {
    switch (kind) {
    case 0: return v_tanh(z);
    case 1: return v_softplus(z);
    default: return v_silu(z);
    }
}

/// σ'(z) given h = σ(z).
CK_INLINE vdbl act_derivative(int kind, vdbl z, vdbl h) {
    switch (kind) {
    case 0: return v_splat(1.0) - h * h;
    case 1: {
        vdbl s, sc;
        v_logistic_pair(z, &s, &sc);
        return s;
    }
    default: {
        vdbl s, sc;
        v_logistic_pair(z, &s, &sc);
        vdbl d = s * (v_splat(1.0) + z * sc);
        return v_select(v_abs(z) == v_splat(__builtin_inf()), s, d);
    }
    }
}

static void activation_forward(int kind, const double *z, double *h, long n) {
    long k = 0;
    switch (kind) {
    case 0: for (; k + CK_VW <= n; k += CK_VW) v_store(h + k, v_tanh(v_load(z + k))); break;
    case 1: for (; k + CK_VW <= n; k += CK_VW) v_store(h + k, v_softplus(v_load(z + k))); break;
    default: for (; k + CK_VW <= n; k += CK_VW) v_store(h + k, v_silu(v_load(z + k))); break;
    }
    if (k < n) {
        double tmp[CK_VW] = {0};
        for (long j = k; j < n; j++) tmp[j - k] = z[j];
        vdbl r = act_value(kind, v_load(tmp));
        v_store(tmp, r);
        for (long j = k; j < n; j++) h[j] = tmp[j - k];
    }
}

static void activation_backward(int kind, double *g, const double *z, const double *h, long n) {
    long k = 0;
    switch (kind) {
    case 0: for (; k + CK_VW <= n; k += CK_VW) v_store(g + k, v_load(g + k) * act_derivative(0, v_splat(0.0), v_load(h + k))); break;
    case 1: for (; k + CK_VW <= n; k += CK_VW) v_store(g + k, v_load(g + k) * act_derivative(1, v_load(z + k), v_splat(0.0))); break;
    default: for (; k + CK_VW <= n; k += CK_VW) v_store(g + k, v_load(g + k) * act_derivative(2, v_load(z + k), v_splat(0.0))); break;
    }
    if (k < n) {
        double tz[CK_VW] = {0}, th[CK_VW] = {0}, tg[CK_VW] = {0};
        for (long j = k; j < n; j++) { tz[j - k] = z ? z[j] : 0; th[j - k] = h ? h[j] : 0; tg[j - k] = g[j]; }
        v_store(tg, v_load(tg) * act_derivative(kind, v_load(tz), v_load(th)));
        for (long j = k; j < n; j++) g[j] = tg[j - k];
    }
}

#endif
