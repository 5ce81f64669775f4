#!/usr/bin/env bash
# Issue 13: N-body generation in Sundman time (dt/ds = M2/W) against physical time, at equal accuracy.
# Usage: Benchmarks/generation-sundman/run.sh [ORRERY] [OUTDIR] [ROUNDS]   (results: Benchmarks/results/generation.md, top section)
# 1. Accuracy: 1000 random three-body trajectories (t in [0, 20], 200 samples) in physical time at 1e-13 (the old
#    default) and in Sundman time at several tolerances (7e-14 is the new default), against REBOUND IAS15 and a DOP853
#    reference at rtol 1e-15, atol 1e-16 (Benchmarks/generation-vern9's scripts).
# 2. Speed: the two defaults alternated ROUNDS times on 1 and 2 threads: trajectories/s of the solves (JSON) and the
#    wall and user CPU seconds of the whole command.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
vern9="$here/../generation-vern9"
orrery=${1:-.build/release/orrery}
out=${2:-/tmp/generation-sundman}
rounds=${3:-5}
mkdir -p "$out"
gen() {
    local name=$1; shift
    "$orrery" generate three-body --preset random --count 1000 --t-end 20 --samples 200 --json --threads 2 \
        --on-failure skip --output "$out/$name.h5" "$@" > "$out/$name.json" 2> "$out/$name.err"
}
gen physical-1e-13 --time-transformation none --rtol 1e-13 --atol 1e-13
gen sundman-default
for tol in 1e-13 5e-14 3e-14 1e-14; do gen "sundman-$tol" --rtol "$tol" --atol "$tol"; done
[ -f "$out/ref-dop853.h5" ] || gen ref-dop853 --time-transformation none --rtol 1e-15 --atol 1e-16
[ -f "$out/ias15.npy" ] || python3 "$vern9/ias15-reference.py" "$out/physical-1e-13.h5" "$out/ias15.npy"
runs=("$out"/physical-1e-13.h5 "$out"/sundman-*.h5)
python3 "$vern9/accuracy.py" "$out/ias15.npy" "$out/ref-dop853.h5" -- "${runs[@]}"
python3 "$vern9/accuracy.py" "$out/ref-dop853.h5" -- "${runs[@]}"

echo "side threads solves/s wall_s user_s"
for r in $(seq "$rounds"); do for th in 1 2; do for side in physical sundman; do
    extra=(); [[ $side == physical ]] && extra=(--time-transformation none --rtol 1e-13 --atol 1e-13)
    /usr/bin/time -f "%e %U" -o "$out/time.txt" "$orrery" generate three-body --preset random --count 1000 --t-end 20 \
        --samples 200 --json --threads "$th" "${extra[@]}" --output "$out/ab.h5" > "$out/ab.json" 2>/dev/null
    echo "$side $th $(python3 -c "import json; print(round(json.load(open('$out/ab.json'))['trajectoriesPerSecond']))") $(cat "$out/time.txt")"
done; done; done
