#!/usr/bin/env bash
# MALI (issue 14): Orrery's MALI and ACA beside TorchDiffEqPack's MALI (odesolve_adjoint_sym12) and ACA on
# the issue-5 three-body gradient workload, identical initial conditions, each method in its own process.
# Usage: Benchmarks/gradients/run-mali.sh [seconds per measurement] [tolerances...]
#        (Python peers from $VENV, default .venv here, created from requirements.txt as in run.sh)
set -euo pipefail
cd "$(dirname "$0")"
budget="${1:-2}"
shift || true
tolerances=("${@:-1e-6}")
[ ${#tolerances[@]} -eq 0 ] && tolerances=(1e-6)
swift build -c release >&2
venv="${VENV:-.venv}"
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv" && "$venv/bin/pip" install -q -r requirements.txt >&2
fi
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
.build/release/GradientBenchmark workload "$out/workload.json" 1 0
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
for tol in "${tolerances[@]}"; do
    for method in aca mali; do
        .build/release/GradientBenchmark run "$out/workload.json" "$method" step "$tol" "$budget" >> "$out/results.jsonl"
    done
    for peer in tdep-aca tdep-mali; do
        if ! "$venv/bin/python" peers.py "$out/workload.json" "$peer" "$tol" "$budget" >> "$out/results.jsonl" 2> "$out/$peer.log"; then
            echo "{\"method\": \"$peer\", \"tolerance\": $tol, \"failed\": true, \"reason\": \"$(tail -1 "$out/$peer.log" | tr -d '"\\')\"}" >> "$out/results.jsonl"
        fi
    done
done
echo "## MALI: Orrery (Swift $(swift --version 2>&1 | head -1 | sed 's/.*version \([0-9.]*\).*/\1/'), -c release) and TorchDiffEqPack"
echo
echo "Machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(getconf _NPROCESSORS_ONLN) cores (shared with other engineers' builds); each method in its own process, one thread."
echo
"$venv/bin/python" table.py "$out/workload.json" "$out/results.jsonl"
cp "$out/results.jsonl" results-mali-latest.jsonl
