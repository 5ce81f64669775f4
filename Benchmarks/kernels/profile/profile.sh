#!/usr/bin/env bash
# Per-layer profile of the AVX-512 MLP evaluate (issue 13): see layers.c.
# Usage: Benchmarks/kernels/profile/profile.sh [width …]   (default 64 256; needs an AVX-512 CPU)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
src="$here/../../../Sources/CKernels"
out="$(mktemp -d)"
clang -O2 -I"$src/include" -I"$src" "$here/layers.c" "$src"/*.c -lm -lpthread -o "$out/layers"
widths=("$@"); [ ${#widths[@]} -gt 0 ] || widths=(64 256)
for width in "${widths[@]}"; do
    echo "### 2-$width-$width-2 tanh, AVX-512 kernels, ns per call"
    echo
    "$out/layers" "$width"
    echo
done
rm -rf "$out"
