// The DOP853 trial step of the generation benchmark on the real lane kernels (Sources/LaneKernels):
// 8 lanes, 19 components (three bodies in Sundman time), DOP853's stage rows (1…9 terms) and two error
// sums per step. Times one step several ways, in thread CPU time (Benchmarks/results/generation.md):
//   one group            stage j: combination, then the field; the error sums
//   two, alternating     two independent groups, stage by stage (A's field beside B's combination)
//   two, combinations    both groups' combinations of stage j, then both fields
//   split                the next stage's combination (all terms but the last) right after each field
//   combinations, fields each kind of kernel alone
// Usage: step OFFSET   (bytes added to 64-byte aligned buffers: 0 or 32)
#include <immintrin.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "LaneKernels.h"

enum { N = 19, S = 13, W = 8 };
static const int rowCount[S] = {0, 1, 2, 2, 3, 3, 4, 5, 6, 7, 8, 9, 8};  // DOP853's nonzeros per row (row 13: b)

typedef struct {
    double stages[S][N][W], inputs[S][N][W], y[N][W], p[4][W], err[2][N][W], h[W], partial[N][W];
    long offsets[S][16], errorOffsets[16];
    double values[S][16], errorValues[16];
} Group;

static void init(Group *g, unsigned seed) {
    srand(seed);
    for (int i = 0; i < N; i++)
        for (int l = 0; l < W; l++) g->y[i][l] = i == 18 ? 0 : (2.0 * rand() / RAND_MAX - 1) * (i < 9 ? 1 : 0.3);
    for (int l = 0; l < W; l++) { g->p[0][l] = 1; g->p[1][l] = 0.8; g->p[2][l] = 1.2; g->p[3][l] = 1; g->h[l] = 1e-4; }
    memset(g->stages, 0, sizeof g->stages);
    for (int j = 0; j < S; j++)
        for (int q = 0; q < rowCount[j]; q++) {
            g->offsets[j][q] = (q == 0 ? 0 : j - rowCount[j] + q) * N * 8;
            g->values[j][q] = 0.1 * (q + 1);
        }
    for (int q = 0; q < 8; q++) { g->errorOffsets[q] = (q == 0 ? 0 : q + 4) * N * 8; g->errorValues[q] = 0.01 * q; }
    orrery_lanes_three_body_sundman_avx512(&g->y[0][0], &g->p[0][0], 0, &g->stages[0][0][0]);
}

static void combination(Group *g, int j) {
    orrery_lanes_combine_avx512(N, rowCount[j], g->offsets[j], g->values[j], g->h, &g->stages[0][0][0], &g->y[0][0],
                                &g->inputs[j][0][0]);
}
static void field(Group *g, int j) {
    orrery_lanes_three_body_sundman_avx512(&g->inputs[j][0][0], &g->p[0][0], 0, &g->stages[j][0][0]);
}
static void errors(Group *g) {
    orrery_lanes_combine_avx512(N, 8, g->errorOffsets, g->errorValues, g->h, &g->stages[0][0][0], NULL, &g->err[0][0][0]);
    orrery_lanes_combine_avx512(N, 3, g->errorOffsets, g->errorValues, g->h, &g->stages[0][0][0], NULL, &g->err[1][0][0]);
}

/// partial = Σ_{q<m} (h·v_q)·k_q (each component an accumulator from +0, in term order), six
/// components side by side as in the combination kernel.
__attribute__((target("avx512f"))) static void partialSum(Group *g, int j, long m) {
    const __m512d hv = _mm512_loadu_pd(g->h);
    __m512d c[16];
    const double *rows[16];
    for (long q = 0; q < m; q++) {
        c[q] = _mm512_mul_pd(hv, _mm512_set1_pd(g->values[j][q]));
        rows[q] = &g->stages[0][0][0] + g->offsets[j][q] / 8;
    }
    long i = 0;
    for (; i + 6 <= N; i += 6) {
        __m512d acc[6];
        for (int u = 0; u < 6; u++) acc[u] = _mm512_setzero_pd();
        for (long q = 0; q < m; q++)
            for (int u = 0; u < 6; u++) acc[u] = _mm512_add_pd(acc[u], _mm512_mul_pd(c[q], _mm512_loadu_pd(rows[q] + 8 * (i + u))));
        for (int u = 0; u < 6; u++) _mm512_storeu_pd(g->partial[i + u], acc[u]);
    }
    for (; i < N; i++) {
        __m512d acc = _mm512_setzero_pd();
        for (long q = 0; q < m; q++) acc = _mm512_add_pd(acc, _mm512_mul_pd(c[q], _mm512_loadu_pd(rows[q] + 8 * i)));
        _mm512_storeu_pd(g->partial[i], acc);
    }
}
/// inputs[j] = y + (partial + (h·v_last)·k_{j−1}).
__attribute__((target("avx512f"))) static void finishSum(Group *g, int j) {
    const __m512d c = _mm512_mul_pd(_mm512_loadu_pd(g->h), _mm512_set1_pd(g->values[j][rowCount[j] - 1]));
    for (long i = 0; i < N; i++)
        _mm512_storeu_pd(g->inputs[j][i], _mm512_add_pd(_mm512_loadu_pd(g->y[i]),
                         _mm512_add_pd(_mm512_loadu_pd(g->partial[i]), _mm512_mul_pd(c, _mm512_loadu_pd(g->stages[j - 1][i])))));
}

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return t.tv_sec + 1e-9 * t.tv_nsec;
}

int main(int argc, char **argv) {
    if (!orrery_lanes_have_avx512()) { puts("needs AVX-512"); return 0; }
    long offset = argc > 1 ? atol(argv[1]) : 0;
    Group *a = (Group *)((char *)aligned_alloc(64, sizeof(Group) + 128) + offset);
    Group *b = (Group *)((char *)aligned_alloc(64, sizeof(Group) + 128) + offset);
    init(a, 1); init(b, 2);
    const int steps = 200000;
    printf("ns per 8-lane step, buffers at offset %ld from a cache line\n", offset);
    printf("| one group | two, alternating | two, combinations first | split | combinations alone | fields alone |\n");
    for (int round = 0; round < 5; round++) {
        double t[7];
        t[0] = now();
        for (int s = 0; s < steps; s++) { for (int j = 1; j < S; j++) { combination(a, j); field(a, j); } errors(a); }
        t[1] = now();
        for (int s = 0; s < steps / 2; s++) {
            for (int j = 1; j < S; j++) { combination(a, j); field(a, j); combination(b, j); field(b, j); }
            errors(a); errors(b);
        }
        t[2] = now();
        for (int s = 0; s < steps / 2; s++) {
            for (int j = 1; j < S; j++) { combination(a, j); combination(b, j); field(a, j); field(b, j); }
            errors(a); errors(b);
        }
        t[3] = now();
        for (int s = 0; s < steps; s++) {
            combination(a, 1);
            for (int j = 1; j < S; j++) {
                field(a, j);
                if (j + 1 < S) { partialSum(a, j + 1, rowCount[j + 1] - 1); finishSum(a, j + 1); }
            }
            errors(a);
        }
        t[4] = now();
        for (int s = 0; s < steps; s++) { for (int j = 1; j < S; j++) combination(a, j); errors(a); }
        t[5] = now();
        for (int s = 0; s < steps; s++) for (int j = 1; j < S; j++) field(a, j);
        t[6] = now();
        printf("| %.0f | %.0f | %.0f | %.0f | %.0f | %.0f |\n", (t[1] - t[0]) / steps * 1e9, (t[2] - t[1]) / steps * 1e9,
               (t[3] - t[2]) / steps * 1e9, (t[4] - t[3]) / steps * 1e9, (t[5] - t[4]) / steps * 1e9, (t[6] - t[5]) / steps * 1e9);
    }
    return 0;
}
