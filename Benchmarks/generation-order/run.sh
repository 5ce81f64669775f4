#!/usr/bin/env bash
# Issue 13: the order in which `orrery generate` starts its N-body solves (shortest dynamical time scale first,
# NBodyTimeScale) against index order, without timing noise: each trajectory's evaluation count is measured
# alone (`--shard K/COUNT --json`, one trajectory per run), then simulate.py replays the lane scheduler
# (2 threads × 8 lanes, a shared queue, one step per group step, a lone straggler finished alone at 1/3 of a
# group step's cost) in both orders and prints the makespan over the ideal (all lanes busy to the end).
#   Benchmarks/generation-order/run.sh ORRERY OUTDIR "SEEDS"    (results: Benchmarks/results/generation.md)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
orrery=${1:-.build/release/orrery}
out=${2:-/tmp/generation-order}
seeds=${3:-"0 1 2 3 4 5 6 7"}
count=${COUNT:-1000}
mkdir -p "$out"
args=(generate three-body --preset random --count "$count" --t-end 20 --samples 200 --json --on-failure skip)
for seed in $seeds; do
    [[ -f "$out/evaluations-$seed.txt" ]] && continue
    "$orrery" "${args[@]}" --seed "$seed" --threads 2 --output "$out/seed-$seed.h5" > /dev/null 2>&1
    for k in $(seq 1 "$count"); do
        "$orrery" "${args[@]}" --seed "$seed" --threads 1 --shard "$k/$count" --output "$out/one.h5" 2>/dev/null \
            | python3 -c "import json, sys; print($k - 1, json.load(sys.stdin)['functionEvaluations'])" \
            || echo "$((k - 1)) 0"   # a trajectory that failed (skipped) costs nothing here
    done > "$out/evaluations-$seed.txt.part"
    mv "$out/evaluations-$seed.txt.part" "$out/evaluations-$seed.txt"
done
python3 "$here/simulate.py" "$out" $seeds
