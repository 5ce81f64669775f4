#!/usr/bin/env bash
# Optimizer step cost per parameter at 10^6 parameters: Orrery (Swift, release) beside optax, same run.
# Usage: Benchmarks/optimizers/run.sh [n]     (from anywhere; creates .venv here on first use)
set -euo pipefail
cd "$(dirname "$0")"
n="${1:-1000000}"
swift build -c release >&2
if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv && .venv/bin/pip install -q -r requirements.txt >&2
fi
echo "## Orrery (Swift $(swift --version 2>&1 | head -1 | sed 's/.*version \([0-9.]*\).*/\1/'), swift build -c release)"
echo
.build/release/OptimizerBenchmark "$n"
echo
echo "## optax (same machine, same run)"
echo
.venv/bin/python optax_adabelief.py "$n"
echo
echo "XLA threads: default (XLA may split elementwise work across the $(nproc) cores)."
echo
echo "## optax, one thread"
echo
XLA_FLAGS="--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1" .venv/bin/python optax_adabelief.py "$n"
