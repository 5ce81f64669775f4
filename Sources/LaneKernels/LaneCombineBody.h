// The stage combination of LaneIntegrator (`out = y + Σ_q (h·values[q]) k_q` lane by lane), written
// once over width-neutral operations and included by LaneKernels.c (AVX2, 4 lanes) and
// LaneKernels512.c (AVX-512, 8 lanes), which define VD (the vector type), W (lanes), TARGET (the
// target attribute's string), BLOCK and COMBINE (the two functions' names), LD, ST, SET1, ZERO,
// ADD and MUL, and undefines them at its end. Products and sums stay separate IEEE operations in the Swift code's order: each
// product (h·a)·k added to an accumulator starting at zero in term order, y added last.

/// Components i ..< i + width of the combination (width ≤ 7), one accumulator each, side by side.
/// Inlined with a constant width, the accumulators stay in registers.
__attribute__((target(TARGET), always_inline))
static inline void BLOCK(long width, long i, long m, const VD *c, const double **rows, const double *y, double *out) {
    VD acc[7];
    for (long j = 0; j < width; j++) acc[j] = ZERO();
    for (long q = 0; q < m; q++) {
        const double *k = rows[q] + W * i;
        for (long j = 0; j < width; j++) acc[j] = ADD(acc[j], MUL(c[q], LD(k + W * j)));
    }
    for (long j = 0; j < width; j++) {
        VD v = acc[j];
        if (y) v = ADD(LD(y + W * (i + j)), v);
        ST(out + W * (i + j), v);
    }
}

__attribute__((target(TARGET)))
void COMBINE(long n, long m, const long *offsets, const double *values, const double *h, const double *stages,
             const double *y, double *out) {
    enum { maxTerms = 64 };
    VD c[maxTerms];
    const double *rows[maxTerms];
    const VD hv = LD(h);
    if (m > maxTerms) m = maxTerms;  // explicit tableaux have far fewer stages
    for (long q = 0; q < m; q++) {
        c[q] = MUL(hv, SET1(values[q]));
        rows[q] = (const double *)((const char *)stages + W * offsets[q]);
    }
    long i = 0;
    // Blocks of six components (six independent add chains); a lone last component rides with
    // the last block (n = 19: 6 + 6 + 7), since alone its m dependent adds would wait on latency;
    // the last 1–5 go side by side. Only the grouping of independent components changes: each
    // sum keeps its order, so its bits.
    const long blocked = (n % 6 == 1 && n >= 7) ? n - 7 : n;
    for (; i + 6 <= blocked; i += 6) BLOCK(6, i, m, c, rows, y, out);
    if (n - i == 7) BLOCK(7, i, m, c, rows, y, out);  // a constant width: registers
    else if (i < n) BLOCK(n - i, i, m, c, rows, y, out);
}

#undef VD
#undef W
#undef TARGET
#undef BLOCK
#undef COMBINE
#undef LD
#undef ST
#undef SET1
#undef ZERO
#undef ADD
#undef MUL
