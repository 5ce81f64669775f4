#!/usr/bin/env bash
# Dataset-generation throughput (issue 4): `orrery generate three-body --preset random --count 1000
# --t-end 20 --samples 200` at 1 and 2 threads, beside REBOUND IAS15 and diffrax Dopri8 (jax.vmap,
# CPU) on the same initial conditions and sample times, with max position deviations from a tight
# reference (DOP853 at 1e-15). Prints the tables (also $OUT_DIR/generation-throughput.md).
#
#   Benchmarks/run-generation.sh                    # everything
#   SKIP_PIP=1 Benchmarks/run-generation.sh         # peers already installed
#   REPEATS=5 LOOSE_TOL=1e-11 Benchmarks/run-generation.sh
#   SWIFT_FLAGS="-Xswiftc -Ounchecked" Benchmarks/run-generation.sh
set -euo pipefail
cd "$(dirname "$0")"
OUT_DIR=${OUT_DIR:-.build/generation-out}
PYTHON=${PYTHON:-python3}
REPEATS=${REPEATS:-3}
COUNT=${COUNT:-1000}
LOOSE_TOL=${LOOSE_TOL:-1e-12}
SWEEP=${SWEEP:-"1e-10 1e-11 1e-12 1e-13 1e-14"}
mkdir -p "$OUT_DIR"
OUT_DIR=$(cd "$OUT_DIR" && pwd)
rm -f "$OUT_DIR"/timing-*.json "$OUT_DIR"/sweep-*

if [[ -z "${SKIP_PIP:-}" ]]; then
    "$PYTHON" -m pip install --quiet -r python/requirements.txt
fi
# The CLI itself is the benchmark: build the root package's `orrery` in release.
# shellcheck disable=SC2086
(cd .. && swift build -c release --product orrery ${SWIFT_FLAGS:-})
BIN=$(cd .. && swift build -c release --show-bin-path ${SWIFT_FLAGS:-})/orrery
ARGS=(generate three-body --preset random --count "$COUNT" --t-end 20 --samples 200 --json)

# Percentage of both cores busy over one second (other users of the machine), waiting up to
# 30 s for it to drop to ≤ 10 %; recorded beside every timing.
busy() {
    local busy=100
    for _ in $(seq 30); do
        read -r _ u n s i1 io irq sirq st _ < /proc/stat; local t1=$((u + n + s + i1 + io + irq + sirq + st))
        sleep 1
        read -r _ u n s i2 io irq sirq st _ < /proc/stat; local t2=$((u + n + s + i2 + io + irq + sirq + st))
        busy=$((100 - 100 * (i2 - i1) / (t2 - t1)))
        [[ $busy -le 10 ]] && break
    done
    echo "$busy"
}

{
    echo "$(nproc)-core $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GiB RAM,"
    echo "$(uname -sr), $(swift --version 2>&1 | head -1 | sed 's/ (.*//'), build: swift build -c release ${SWIFT_FLAGS:-}"
} > "$OUT_DIR/machine.txt"

# The reference may fail on a near-collision at 1e-15 (step-size underflow): skip, align by id.
echo "== reference: DOP853 rtol = atol = 1e-15" >&2
"$BIN" "${ARGS[@]}" --rtol 1e-15 --atol 1e-15 --threads 2 --on-failure skip --output "$OUT_DIR/reference.h5" > "$OUT_DIR/reference.json" 2>/dev/null
for tol in $SWEEP; do
    echo "== accuracy sweep: rtol = atol = $tol" >&2
    "$BIN" "${ARGS[@]}" --rtol "$tol" --atol "$tol" --threads 2 --on-failure skip --output "$OUT_DIR/sweep-$tol.h5" > "$OUT_DIR/sweep-$tol.json" 2>/dev/null
done

echo "{\"default\": \"1e-13\", \"loose\": \"$LOOSE_TOL\"}" > "$OUT_DIR/labels.json"
for rep in $(seq "$REPEATS"); do
    for label in default loose; do
        tol=1e-13; [[ $label == loose ]] && tol=$LOOSE_TOL
        for threads in 1 2; do
            b=$(busy)
            "$BIN" "${ARGS[@]}" --rtol "$tol" --atol "$tol" --threads "$threads" --output "$OUT_DIR/timing.h5" \
                > "$OUT_DIR/timing-$label-t$threads-r$rep.json" 2>/dev/null
            rate=$("$PYTHON" -c "import json,sys; print(round(json.load(open(sys.argv[1]))['trajectoriesPerSecond']))" "$OUT_DIR/timing-$label-t$threads-r$rep.json")
            echo "   $label (rtol = atol = $tol), $threads thread(s), run $rep: $rate trajectories/s (cores busy before: $b %)" | tee -a "$OUT_DIR/timing-log.txt" >&2
        done
    done
done
rm -f "$OUT_DIR/timing.h5"

echo "== peers: REBOUND IAS15, diffrax Dopri8 (jax.vmap, CPU)" >&2
"$PYTHON" python/generation_peers.py "$OUT_DIR"
"$PYTHON" python/generation_compare.py "$OUT_DIR" | tee "$OUT_DIR/generation-throughput.md"
