#!/usr/bin/env bash
# Issue 13: does Verner's 9(8) pair cut the evaluations of the generation workload at DOP853 1e-13's accuracy?
# Usage: Benchmarks/generation-vern9/run.sh [ORRERY] [OUTDIR]   (results: Benchmarks/results/generation.md, top section)
# Generates the workload (1000 random three-body trajectories, t ∈ [0, 20], 200 samples) with DOP853 and Vern9 at
# several tolerances (failed trajectories skipped and listed), two tight references (DOP853 and Vern9 at
# rtol 1e-15, atol 1e-16) and REBOUND IAS15 at the same sample times, then prints the error table against IAS15 and
# against the DOP853 reference.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
orrery=${1:-.build/release/orrery}
out=${2:-/tmp/generation-vern9}
mkdir -p "$out"
gen() {
    local name=$1; shift
    "$orrery" generate three-body --preset random --count 1000 --t-end 20 --samples 200 --json --threads 2 \
        --on-failure skip --output "$out/$name.h5" "$@" > "$out/$name.json" 2> "$out/$name.err"
}
gen dop853-1e-14 --solver dop853 --rtol 1e-14 --atol 1e-14
gen dop853-1e-13 --solver dop853 --rtol 1e-13 --atol 1e-13
gen dop853-1e-12 --solver dop853 --rtol 1e-12 --atol 1e-12
for tol in 1e-13 5e-13 1e-12 1e-11; do gen "vern9-$tol" --solver vern9 --rtol "$tol" --atol "$tol"; done
gen ref-dop853 --solver dop853 --rtol 1e-15 --atol 1e-16
gen ref-vern9 --solver vern9 --rtol 1e-15 --atol 1e-16
python3 "$here/ias15-reference.py" "$out/dop853-1e-13.h5" "$out/ias15.npy"
runs=("$out"/dop853-1e-1[432].h5 "$out"/vern9-*.h5)
python3 "$here/accuracy.py" "$out/ias15.npy" "$out/ref-dop853.h5" "$out/ref-vern9.h5" -- "${runs[@]}"
python3 "$here/accuracy.py" "$out/ref-dop853.h5" -- "${runs[@]}"
