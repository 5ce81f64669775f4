#!/usr/bin/env bash
# Issue 13 (b): the issue-7 spiral workload — a 2-64-64-2 tanh neural ODE on 64 spiral trajectories, each with its
# OWN 100 irregular times in (0, 10], dopri5 (rtol 1e-6, atol 1e-8), AdaBelief (lr 1e-2), ACA, dense observations —
# `orrery fit --batching per-trajectory` against `--batching lockstep` (own step sizes, lanes advanced in groups of
# ≤ 32 so the MLP runs as matrix–matrix products), run as a paired A/B (alternating, ROUNDS pairs), then `auto` once
# and diffrax with `jax.vmap` over the trajectories (own steps and times each; compile time excluded per iteration).
# Usage: Benchmarks/fitting/lockstep.sh [seed]
#   ROUNDS=…      A/B pairs (default 3)     ITERATIONS=…  iterations on every side (default 200)
#   THREADS=…     orrery fit --threads (default 2)   PY=… Python with h5py, jax, diffrax, optax (default python3)
#   OUT_DIR=…     where data, fit files and results.jsonl go (default: a temporary folder)
#   SKIP_BUILD=1  use the orrery already in .build/release (a `swift build` after `swift test` may rebuild everything)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
seed="${1:-1}"
rounds="${ROUNDS:-3}"
iterations="${ITERATIONS:-200}"
threads="${THREADS:-2}"
py="${PY:-python3}"
source "$here/side-by-side.sh"

"$orrery" generate time-series --system spiral --count 64 --t-end 10 --samples 100 --sampling irregular \
    --noise 0.01 --seed "$seed" --output spiral.h5 >/dev/null
fit_spiral=(--data spiral.h5 --model mlp --hidden 64,64 --activation tanh --optimizer adabelief --lr 1e-2
    --solver dopri5 --rtol 1e-6 --atol 1e-8 --iterations "$iterations" --seed 0 --threads "$threads" --gradient aca)
"$orrery" fit "${fit_spiral[@]}" --iterations 0 --output spiral-init.h5 >/dev/null 2>&1
"$py" "$here/export.py" spiral spiral.h5 spiral-init.h5 spiral.json
for round in $(seq 1 "$rounds"); do
    for batching in per-trajectory lockstep; do
        log "round $round: orrery --batching $batching"
        "$py" "$here/orrery_run.py" "$orrery" spiral "Orrery aca (batching $batching, dense) #$round" "fit-$batching-$round.h5" -- \
            "${fit_spiral[@]}" --batching "$batching" --observation-mode dense >> "$results"
    done
done
log "orrery --batching auto --observation-mode auto"
"$py" "$here/orrery_run.py" "$orrery" spiral "Orrery aca (batching auto, observations auto)" "fit-auto.h5" -- \
    "${fit_spiral[@]}" --batching auto --observation-mode auto >> "$results"
log "peer diffrax (vmap)"
SPIRAL_ITERATIONS="$iterations" "$py" "$here/peers.py" spiral spiral.json diffrax >> "$results" 2> diffrax.log \
    || echo "{\"side\": \"diffrax\", \"workload\": \"spiral\", \"failed\": true}" >> "$results"

echo "## Spiral, per-trajectory times (issue 13 b): lockstep vs per-trajectory vs diffrax vmap"
echo
echo "Machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(getconf _NPROCESSORS_ONLN) cores; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg). Seed $seed, $iterations iterations, orrery --threads $threads, $rounds A/B rounds."
echo
PEER=diffrax "$py" "$root/Benchmarks/spiral/table.py" "$results"
cp "$results" "$here/results-lockstep-latest.jsonl"
