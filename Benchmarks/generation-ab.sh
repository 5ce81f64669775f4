#!/usr/bin/env bash
# A/B throughput of two `orrery` binaries on the generation benchmark's workload, alternating
# runs so that both see the same (shared, noisy) machine; prints best and median
# trajectories/s (JSON `trajectoriesPerSecond`) per binary and thread count, and how busy the
# cores were before each run, and the median wall seconds of the whole command (solve, HDF5 write, start-up).
#   Benchmarks/generation-ab.sh OLD_ORRERY NEW_ORRERY [ROUNDS] [COUNT]
#   THREADS="2" SEED=3 Benchmarks/generation-ab.sh ...   (defaults: THREADS="1 2", the CLI's default seed)
set -euo pipefail
old=$1 new=$2 rounds=${3:-5} count=${4:-300}
seed=(); [[ -n "${SEED:-}" ]] && seed=(--seed "$SEED")
out=$(mktemp -d)
busy() {
    read -r _ u n s i1 io irq sirq st _ < /proc/stat; local t1=$((u + n + s + i1 + io + irq + sirq + st))
    sleep 1
    read -r _ u n s i2 io irq sirq st _ < /proc/stat; local t2=$((u + n + s + i2 + io + irq + sirq + st))
    echo $((100 - 100 * (i2 - i1) / (t2 - t1)))
}
for r in $(seq "$rounds"); do
    for threads in ${THREADS:-1 2}; do
        for side in old new; do
            bin=$old; [[ $side == new ]] && bin=$new
            b=$(busy)
            start=$(date +%s.%N)
            "$bin" generate three-body --preset random --count "$count" --t-end 20 --samples 200 --json \
                --threads "$threads" "${seed[@]}" --output "$out/x.h5" > "$out/x.json" 2>/dev/null
            wall=$(python3 -c "print(round($(date +%s.%N) - $start, 3))")
            rate=$(python3 -c "import json,sys; print(round(json.load(open('$out/x.json'))['trajectoriesPerSecond']))")
            echo "$side $threads $rate $b $wall" | tee -a "$out/log" >&2
        done
    done
done
python3 - "$out/log" <<'PY'
import sys, statistics
rows = [l.split() for l in open(sys.argv[1])]
for threads in sorted({r[1] for r in rows}):
    for side in ("old", "new"):
        rates = [int(r[2]) for r in rows if r[0] == side and r[1] == threads]
        walls = [float(r[4]) for r in rows if r[0] == side and r[1] == threads]
        print(f"{side} {threads} thread(s): best {max(rates)}/s, median {statistics.median(rates):.0f}/s over {len(rates)} runs;"
              f" whole command median {statistics.median(walls):.2f} s")
    old = [int(r[2]) for r in rows if r[0] == "old" and r[1] == threads]
    new = [int(r[2]) for r in rows if r[0] == "new" and r[1] == threads]
    print(f"  new/old per pair, {threads} thread(s): median {statistics.median(n / o for n, o in zip(new, old)):.3f}")
PY
rm -rf "$out"
