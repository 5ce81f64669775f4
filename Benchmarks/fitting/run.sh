#!/usr/bin/env bash
# Fitting (issue 7): `orrery fit` beside TorchDiffEqPack (ACA + adabelief-pytorch), torchdiffeq and diffrax + optax
# on identical data, in one run.
#   1. masses: recover the masses of a random bound three-body system (until plateau or 300 iterations);
#   2. spiral: a 2-64-64-2 tanh neural ODE on 64 irregular spiral trajectories (200 iterations).
# Usage: Benchmarks/fitting/run.sh [seed]
#   VENV=…       Python environment with requirements.txt (default: Benchmarks/fitting/.venv, created on first use)
#   PEER_CAP=…   seconds after which a slow peer stops and its per-iteration time is extrapolated (default 60;
#                the mass-recovery TorchDiffEqPack run gets MASSES_CAP, default 900)
#   OUT_DIR=…    where data, fit files and results.jsonl go (default: a temporary folder)
#   SKIP_BUILD=1 use the orrery already in .build/release
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
seed="${1:-1}"
venv="${VENV:-$here/.venv}"
cap="${PEER_CAP:-60}"
masses_cap="${MASSES_CAP:-900}"
source "$here/side-by-side.sh"
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv" && "$venv/bin/pip" install -q -r "$here/requirements.txt" >&2
fi
py="$venv/bin/python"

# ---- 1. mass recovery ------------------------------------------------------------------------------------------
"$orrery" generate three-body --preset random --count 1 --t-end 5 --samples 100 --sampling irregular --noise 0.01 \
    --seed "$seed" --output masses.h5 >/dev/null
"$py" "$here/export.py" masses masses.h5 masses.json
# Plateau rule (the same on every side): the loss of the current parameters counts as an improvement when it is
# below best·(1 − 1e-6); stop after 50 iterations in a row without one; report the best parameters.
fit_masses=(--data masses.h5 --model three-body --learn masses --parameters masses=1,1,1 --observe positions
    --optimizer adabelief --lr 1e-2 --solver dopri5 --rtol 1e-7 --atol 1e-9 --iterations 300
    --validate-every 1 --patience 50)
for gradient in aca naive; do
    for mode in step dense; do
        log "orrery masses $gradient $mode"
        "$py" "$here/orrery_run.py" "$orrery" masses "Orrery $gradient ($mode)" "fit-masses-$gradient-$mode.h5" -- \
            "${fit_masses[@]}" --gradient "$gradient" --observation-mode "$mode" --threads 2 >> "$results"
    done
done
for peer in diffrax tdep-aca; do
    log "peer masses $peer"
    "$py" "$here/peers.py" masses masses.json "$peer" "$masses_cap" >> "$results" 2> "masses-$peer.log" \
        || echo "{\"side\": \"$peer\", \"workload\": \"masses\", \"failed\": true}" >> "$results"
done

# ---- 2. neural ODE on the spiral -------------------------------------------------------------------------------
"$orrery" generate time-series --system spiral --count 64 --t-end 10 --samples 100 --sampling irregular \
    --noise 0.01 --seed "$seed" --output spiral.h5 >/dev/null
fit_spiral=(--data spiral.h5 --model mlp --hidden 64,64 --activation tanh --optimizer adabelief --lr 1e-2
    --solver dopri5 --rtol 1e-6 --atol 1e-8 --iterations 200 --seed 0)
# The initial MLP (Glorot uniform, zero biases) as Orrery draws it, for the peers.
"$orrery" fit "${fit_spiral[@]}" --iterations 0 --output spiral-init.h5 >/dev/null 2>&1
"$py" "$here/export.py" spiral spiral.h5 spiral-init.h5 spiral.json
for run in "aca step 2" "aca dense 2" "aca dense 1" "naive dense 2"; do
    set -- $run
    log "orrery spiral $run"
    "$py" "$here/orrery_run.py" "$orrery" spiral "Orrery $1 ($2, $3 threads)" "fit-spiral-$1-$2-$3.h5" -- \
        "${fit_spiral[@]}" --gradient "$1" --observation-mode "$2" --threads "$3" >> "$results"
done
for peer in diffrax torchdiffeq-odeint torchdiffeq-adjoint tdep-aca; do
    log "peer spiral $peer"
    "$py" "$here/peers.py" spiral spiral.json "$peer" "$cap" >> "$results" 2> "spiral-$peer.log" \
        || echo "{\"side\": \"$peer\", \"workload\": \"spiral\", \"failed\": true}" >> "$results"
done

echo "## Fitting (issue 7): orrery fit (Swift $(swift --version 2>&1 | head -1 | sed 's/.*version \([0-9.]*\).*/\1/'), -c release) and peers"
echo
echo "Machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(getconf _NPROCESSORS_ONLN) cores (shared with other engineers' builds); load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
echo
"$py" "$here/table.py" "$results"
cp "$results" "$here/results-latest.jsonl"
