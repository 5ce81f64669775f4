#!/usr/bin/env bash
# Issue 13: the ACA paper's kind of workload on ONE shared time grid — a 2-64-64-2 tanh neural ODE on 64 spiral
# trajectories × 100 shared irregular times in (0, 10], dopri5 (rtol 1e-6, atol 1e-8), AdaBelief (lr 1e-2) —
# `orrery fit` (shared-grid batching and per-trajectory solves) beside diffrax solving the (64, 2) batch once per
# iteration (jit, SaveAt(ts), compile time excluded from the per-iteration time).
# Usage: Benchmarks/spiral/run.sh [seed]
#   ITERATIONS=…  iterations on every side (default 200, the issue-7 spiral budget)
#   THREADS=…     orrery fit --threads (default 2, this machine's cores; the peers use 2 as well)
#   PY=…          Python with h5py, scipy, jax, diffrax, optax (default python3)
#   OUT_DIR=…     where data, fit files and results.jsonl go (default: a temporary folder)
#   SKIP_BUILD=1  use the orrery already in .build/release (a `swift build` after `swift test` may rebuild everything)
# The data: `orrery generate time-series --system spiral` (initial states, parameters), moved onto one shared
# irregular grid by shared_times.py (`orrery generate` draws irregular times per trajectory).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
fitting="$root/Benchmarks/fitting"
seed="${1:-1}"
iterations="${ITERATIONS:-200}"
threads="${THREADS:-2}"
py="${PY:-python3}"
source "$root/Benchmarks/fitting/side-by-side.sh"

"$orrery" generate time-series --system spiral --count 64 --t-end 10 --samples 100 --sampling irregular \
    --noise 0.01 --seed "$seed" --output spiral-own-times.h5 >/dev/null
"$py" "$here/shared_times.py" spiral-own-times.h5 spiral.h5 100 "$seed"
fit_spiral=(--data spiral.h5 --model mlp --hidden 64,64 --activation tanh --optimizer adabelief --lr 1e-2
    --solver dopri5 --rtol 1e-6 --atol 1e-8 --iterations "$iterations" --seed 0 --threads "$threads")
"$orrery" fit "${fit_spiral[@]}" --iterations 0 --output spiral-init.h5 >/dev/null 2>&1
"$py" "$fitting/export.py" spiral spiral.h5 spiral-init.h5 spiral.json
for run in "auto auto" "shared-grid dense" "shared-grid step" "per-trajectory dense"; do
    set -- $run
    log "orrery --batching $1 --observation-mode $2"
    "$py" "$fitting/orrery_run.py" "$orrery" spiral "Orrery aca (batching $1, observations $2)" "fit-$1-$2.h5" -- \
        "${fit_spiral[@]}" --gradient aca --batching "$1" --observation-mode "$2" >> "$results"
done
for peer in diffrax-batched diffrax; do
    log "peer $peer"
    SPIRAL_ITERATIONS="$iterations" "$py" "$fitting/peers.py" spiral spiral.json "$peer" >> "$results" 2> "$peer.log" \
        || echo "{\"side\": \"$peer\", \"workload\": \"spiral\", \"failed\": true}" >> "$results"
done

echo "## Spiral neural ODE on a shared grid (issue 13): orrery fit (Swift $(swift --version 2>&1 | head -1 | sed 's/.*version \([0-9.]*\).*/\1/'), -c release) and diffrax"
echo
echo "Machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(getconf _NPROCESSORS_ONLN) cores; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg). Seed $seed, $iterations iterations, orrery --threads $threads."
echo
"$py" "$here/table.py" "$results"
cp "$results" "$here/results-latest.jsonl"
