#!/usr/bin/env bash
# The DOP853 lane step on the real kernels (step.c), with the lane buffers on a cache line and 32 bytes off it.
#   Benchmarks/lane-step/run.sh        (needs clang and an AVX-512 CPU)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
kernels="$here/../../Sources/LaneKernels"
out="$(mktemp -d)"
clang -O2 -I"$kernels/include" -I"$kernels" "$here/step.c" "$kernels/LaneKernels512.c" "$kernels/LaneKernels.c" -o "$out/step"
"$out/step" 0
"$out/step" 32
rm -rf "$out"
