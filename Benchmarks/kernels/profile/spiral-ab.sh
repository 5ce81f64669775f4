#!/usr/bin/env bash
# Paired A/B of the spiral fit's per-iteration time (issue 13): two `orrery` binaries alternating on the data of
# Benchmarks/spiral/run.sh (64 spiral trajectories × 100 shared irregular times, seed 1), 2-64-64-2 tanh, dopri5
# 1e-6/1e-8, AdaBelief 1e-2, aca, shared-grid batching, dense observations, --threads 2.
# Usage: Benchmarks/kernels/profile/spiral-ab.sh OLD_ORRERY NEW_ORRERY [pairs=3] [iterations=200]
set -euo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
old="$1" new="$2" pairs="${3:-3}" iterations="${4:-200}"
work="$(mktemp -d)"
cd "$work"
"$old" generate time-series --system spiral --count 64 --t-end 10 --samples 100 --sampling irregular \
    --noise 0.01 --seed 1 --output spiral-own-times.h5 >/dev/null
python3 "$root/Benchmarks/spiral/shared_times.py" spiral-own-times.h5 spiral.h5 100 1
args=(--data spiral.h5 --model mlp --hidden 64,64 --activation tanh --optimizer adabelief --lr 1e-2 --solver dopri5
    --rtol 1e-6 --atol 1e-8 --iterations "$iterations" --seed 0 --threads 2 --gradient aca --batching shared-grid
    --observation-mode dense)
echo "| pair | side | ms/iteration | final loss | load average |"
echo "|---|---|---:|---:|---:|"
for k in $(seq 1 "$pairs"); do
    for side in old new; do
        binary="$old"; [ "$side" = new ] && binary="$new"
        python3 "$root/Benchmarks/fitting/orrery_run.py" "$binary" spiral "$side" "fit-$side.h5" -- "${args[@]}" |
            python3 -c "import json, sys; r = json.load(sys.stdin); load = open('/proc/loadavg').read().split()[0]
print(f\"| $k | $side | {1000 * r['secondsPerIteration']:.2f} | {r['finalLoss']:.16g} | {load} |\")"
    done
done
rm -rf "$work"
