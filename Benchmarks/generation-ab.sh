#!/usr/bin/env bash
# A/B throughput of two `orrery` binaries on the generation benchmark's workload, alternating
# runs so that both see the same (shared, noisy) machine; prints best and median
# trajectories/s (JSON `trajectoriesPerSecond`) per binary and thread count, and how busy the
# cores were before each run.
#   Benchmarks/generation-ab.sh OLD_ORRERY NEW_ORRERY [ROUNDS] [COUNT]
set -euo pipefail
old=$1 new=$2 rounds=${3:-5} count=${4:-300}
out=$(mktemp -d)
busy() {
    read -r _ u n s i1 io irq sirq st _ < /proc/stat; local t1=$((u + n + s + i1 + io + irq + sirq + st))
    sleep 1
    read -r _ u n s i2 io irq sirq st _ < /proc/stat; local t2=$((u + n + s + i2 + io + irq + sirq + st))
    echo $((100 - 100 * (i2 - i1) / (t2 - t1)))
}
for r in $(seq "$rounds"); do
    for threads in 1 2; do
        for side in old new; do
            bin=$old; [[ $side == new ]] && bin=$new
            b=$(busy)
            rate=$("$bin" generate three-body --preset random --count "$count" --t-end 20 --samples 200 --json \
                --threads "$threads" --output "$out/x.h5" 2>/dev/null | python3 -c "import json,sys; print(round(json.load(sys.stdin)['trajectoriesPerSecond']))")
            echo "$side $threads $rate $b" | tee -a "$out/log" >&2
        done
    done
done
python3 - "$out/log" <<'PY'
import sys, statistics
rows = [l.split() for l in open(sys.argv[1])]
for threads in ("1", "2"):
    for side in ("old", "new"):
        rates = [int(r[2]) for r in rows if r[0] == side and r[1] == threads]
        print(f"{side} {threads} thread(s): best {max(rates)}/s, median {statistics.median(rates):.0f}/s over {len(rates)} runs")
PY
rm -rf "$out"
