#ifndef PEAKFMA_H
#define PEAKFMA_H
/// Runs `iterations` rounds of 12 independent 4-wide fused multiply–adds (AVX2+FMA; the caller
/// checks the CPU) and returns a value that depends on all of them. Flops: iterations · 12 · 4 · 2.
double peak_fma_avx2(long iterations);
/// The same with 8-wide AVX-512 FMAs (24 accumulators). Flops: iterations · 24 · 8 · 2.
double peak_fma_avx512(long iterations);
/// Whether this CPU runs AVX-512F.
int peak_has_avx512(void);
#endif
