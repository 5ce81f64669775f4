#!/usr/bin/env bash
# Whole-command time and file size of a dataset of many short trajectories (the case where one
# trajectory per HDF5 chunk made writes slow and files larger than their data), two `orrery`
# binaries alternating so that both see the same (shared, noisy) machine.
#   Benchmarks/short-trajectories.sh OLD_ORRERY NEW_ORRERY [ROUNDS] [COUNT] [SAMPLES]
# Prints each run and the median wall seconds and file size per binary; checks that both files
# hold the same values (h5py).
set -euo pipefail
old=$1 new=$2 rounds=${3:-3} count=${4:-100000} samples=${5:-20}
out=$(mktemp -d)
for r in $(seq "$rounds"); do
    for side in old new; do
        bin=$old; [[ $side == new ]] && bin=$new
        start=$(date +%s.%N)
        "$bin" generate time-series --system spiral --count "$count" --samples "$samples" --output "$out/$side.h5" >/dev/null 2>&1
        wall=$(python3 -c "print(round($(date +%s.%N) - $start, 3))")
        echo "$side $wall $(stat -c %s "$out/$side.h5")" | tee -a "$out/log"
    done
done
python3 - "$out" <<'PY'
import sys, statistics, h5py, numpy as np
out = sys.argv[1]
rows = [l.split() for l in open(f"{out}/log")]
for side in ("old", "new"):
    walls = [float(r[1]) for r in rows if r[0] == side]
    size = [int(r[2]) for r in rows if r[0] == side][-1]
    with h5py.File(f"{out}/{side}.h5") as f:
        chunks = f["state"].chunks
    print(f"{side}: whole command median {statistics.median(walls):.2f} s over {len(walls)} runs, file {size / 1e6:.1f} MB, state chunks {chunks}")
with h5py.File(f"{out}/old.h5") as a, h5py.File(f"{out}/new.h5") as b:
    same = all(np.array_equal(a[k][...], b[k][...]) for k in ("t", "state", "state_true", "initial_state"))
print("same values:", same)
PY
rm -rf "$out"
