#!/usr/bin/env bash
# Gradients through adaptive solvers (issue 5): Orrery's naive / adjoint / ACA beside torchdiffeq,
# TorchDiffEqPack's ACA and diffrax, on identical initial conditions, in one run.
# Usage: Benchmarks/gradients/run.sh [seconds per measurement]   (creates .venv here on first use)
set -euo pipefail
cd "$(dirname "$0")"
budget="${1:-2}"
swift build -c release >&2
if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv && .venv/bin/pip install -q -r requirements.txt >&2
fi
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
# The workload (initial conditions, observations, +10 % masses, reference gradient) as JSON for both sides.
.build/release/GradientBenchmark workload "$out/workload.json" 1 0
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 XLA_FLAGS="--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1"
for tol in 1e-6 1e-9; do
    for method in aca naive adjoint; do
        for mode in step dense; do
            .build/release/GradientBenchmark run "$out/workload.json" "$method" "$mode" "$tol" "$budget" >> "$out/results.jsonl"
        done
    done
    for peer in torchdiffeq-odeint torchdiffeq-adjoint tdep-aca diffrax-recursive diffrax-backsolve; do
        if ! .venv/bin/python peers.py "$out/workload.json" "$peer" "$tol" "$budget" >> "$out/results.jsonl" 2> "$out/$peer.log"; then
            echo "{\"method\": \"$peer\", \"tolerance\": $tol, \"failed\": true, \"reason\": \"$(tail -1 "$out/$peer.log" | tr -d '"\\')\"}" >> "$out/results.jsonl"
        fi
    done
done
echo "## Gradients through adaptive solvers: Orrery (Swift $(swift --version 2>&1 | head -1 | sed 's/.*version \([0-9.]*\).*/\1/'), -c release) and peers"
echo
echo "Machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(getconf _NPROCESSORS_ONLN) cores (shared with other engineers' builds); each method in its own process, one thread."
echo
.venv/bin/python table.py "$out/workload.json" "$out/results.jsonl"
cp "$out/results.jsonl" results-latest.jsonl
