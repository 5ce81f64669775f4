#!/usr/bin/env bash
# One command for the ODE work-precision benchmark: installs the pinned Python peers,
# builds the Swift side in release, runs both on the same problems and output grid,
# and prints the tables with peer/Orrery ratios (also written to $OUT_DIR/ode-work-precision.md).
#
#   Benchmarks/run.sh                 # everything
#   SKIP_PIP=1 Benchmarks/run.sh      # peers already installed
#   SWIFT_FLAGS="-Xswiftc -Ounchecked" Benchmarks/run.sh
set -euo pipefail
cd "$(dirname "$0")"
OUT_DIR=${OUT_DIR:-.build/bench-out}
PYTHON=${PYTHON:-python3}
mkdir -p "$OUT_DIR"

if [[ -z "${SKIP_PIP:-}" ]]; then
    "$PYTHON" -m pip install --quiet -r python/requirements.txt
fi
"$PYTHON" python/ode_problems.py "$OUT_DIR/problems.json"
# shellcheck disable=SC2086
swift build -c release --product ode-bench ${SWIFT_FLAGS:-}
BIN=$(swift build -c release --show-bin-path ${SWIFT_FLAGS:-})/ode-bench
echo "== Orrery (Swift)" >&2
"$BIN" "$OUT_DIR/problems.json" "$OUT_DIR/orrery.json"
echo "== Python peers (scipy DOP853, REBOUND IAS15)" >&2
"$PYTHON" python/ode_peers.py "$OUT_DIR/problems.json" "$OUT_DIR/orrery.json" "$OUT_DIR/peers.json"
"$PYTHON" python/ode_compare.py "$OUT_DIR" | tee "$OUT_DIR/ode-work-precision.md"
