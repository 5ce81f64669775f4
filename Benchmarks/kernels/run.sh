#!/usr/bin/env bash
# ns and GFLOP/s of the CKernels MLP kernels, baseline vs AVX2+FMA vs AVX-512, and activations vs libm.
# Usage: Benchmarks/kernels/run.sh     (from anywhere)
set -euo pipefail
cd "$(dirname "$0")"
swift build -c release >&2
echo "## Orrery kernels (Swift $(swift --version 2>&1 | head -1 | sed 's/.*version \([0-9.]*\).*/\1/'), swift build -c release)"
echo
grep -m1 "model name" /proc/cpuinfo | sed 's/^/CPU: /'
grep -m1 "cpu MHz" /proc/cpuinfo | sed 's/^/clock (\/proc\/cpuinfo): /'
echo
.build/release/KernelBenchmark "$@"
