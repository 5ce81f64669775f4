#!/usr/bin/env bash
# Paired A/B of the CKernels tables: this checkout against BASE (default main). See ab.c.
# Usage: Benchmarks/kernels/profile/ab.sh [BASE]   (needs clang and an AVX-512 CPU for the avx512 rows)
# CK_NEW=DIR takes the new side from DIR (a copy of Sources/CKernels) instead of this checkout.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
base="${1:-main}"
out="$(mktemp -d)"
mkdir -p "$out/old/include"
for f in $(git -C "$root" ls-tree --name-only "$base" Sources/CKernels/ Sources/CKernels/include/); do
    [ "$(git -C "$root" cat-file -t "$base:$f")" = blob ] && git -C "$root" show "$base:$f" > "$out/old/${f#Sources/CKernels/}"
done
new="${CK_NEW:-$root/Sources/CKernels}" peak="$here/../Sources/PeakFMA"
flags=(-O2 -fPIC)
clang "${flags[@]}" -I"$out/old/include" -I"$out/old" -Wno-psabi -Dck_kernels_baseline=old_baseline -c "$out/old/kernels_baseline.c" -o "$out/ob.o"
clang "${flags[@]}" -I"$out/old/include" -I"$out/old" -Dck_kernels_avx2=old_avx2 -c "$out/old/kernels_avx2.c" -o "$out/o2.o"
clang "${flags[@]}" -I"$out/old/include" -I"$out/old" -Dck_kernels_avx512=old_avx512 -Dck_kernels_avx2=old_avx2 \
    -c "$out/old/kernels_avx512.c" -o "$out/o5.o"
clang "${flags[@]}" -I"$new/include" -I"$new" -I"$peak/include" "$here/ab.c" "$peak/PeakFMA.c" "$new"/*.c \
    "$out/ob.o" "$out/o2.o" "$out/o5.o" -lm -lpthread -o "$out/ab"
echo "A/B: $(git -C "$root" rev-parse --short HEAD) (new) against $base ($(git -C "$root" rev-parse --short "$base")); load average $(cut -d' ' -f1-3 /proc/loadavg)"
"$out/ab"
rm -rf "$out"
