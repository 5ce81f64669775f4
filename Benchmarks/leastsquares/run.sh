#!/usr/bin/env bash
# Least squares (issue 15): `orrery fit` with its DEFAULT command (no tuning flags) beside scipy least_squares
# (method="lm", finite-difference Jacobian, solve_ivp DOP853 inside) and optimistix Levenberg–Marquardt + diffrax
# (compile included and reported separately), on the same data and from the same starts, in one run.
#   1. threebody:      the ACA paper's masses (datasets/threebody-aca-paper.h5, positions observed), starts U[0.9, 1.1]³;
#   1b. threebody-train1: the same with `--train-until 1` (the ACA paper's training window [0, 1]; the peers fit the
#                      1001 observations at t ≤ 1): one flag more than the default command, to compare at a common optimum;
#   2. lotka-volterra: the four rates from `orrery generate time-series --system lotka-volterra … --noise 0.02`,
#                      starts truth·U[0.7, 1.3] per rate (initial state fixed, from /initial_state).
# Usage: Benchmarks/leastsquares/run.sh
#   VENV=…          Python environment with requirements.txt (default Benchmarks/leastsquares/.venv, created on first use)
#   ORRERY=…        the orrery binary (default: build the root package, `swift build -c release --product orrery`)
#   STARTS=…        starts per problem (default 4); SEED=… (default 1) seeds the starts
#   PEER_RTOL/PEER_ATOL  the peers' solver tolerances (default 1e-10 / 1e-12: tight enough that their optimum is the
#                   noise-free truth to ≤ 1e-8 and that finite differences of the solve are meaningful)
#   PEER_CAP=…      seconds after which a peer fit is stopped and reported as capped (default 240)
#   PROBLEMS=…      "threebody threebody-train1 lotka-volterra" (default all three); PEERS=… "scipy optimistix" (default both)
#   OUT_DIR=…       where data, fit files and results.jsonl go (default: a temporary folder)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="${VENV:-$here/.venv}"
starts="${STARTS:-4}"
seed="${SEED:-1}"
peer_rtol="${PEER_RTOL:-1e-10}"
peer_atol="${PEER_ATOL:-1e-12}"
cap="${PEER_CAP:-240}"
problems="${PROBLEMS:-threebody threebody-train1 lotka-volterra}"
peers="${PEERS:-scipy optimistix}"
if [ -z "${ORRERY:-}" ]; then
    (cd "$root" && swift build -c release --product orrery >&2)
    orrery="$root/.build/release/orrery"
else
    orrery="$(cd "$(dirname "$ORRERY")" && pwd)/$(basename "$ORRERY")"
fi
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv" && "$venv/bin/pip" install -q -r "$here/requirements.txt" >&2
fi
py="$venv/bin/python"
export PYTHONPATH="$here${PYTHONPATH:+:$PYTHONPATH}"
out="${OUT_DIR:-$(mktemp -d)}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
cd "$out"
results="$out/results.jsonl"
: > "$results"
log() { echo "[$(date +%T)] $*" >&2; }

cp "$root/datasets/threebody-aca-paper.h5" threebody.h5
"$orrery" generate time-series --system lotka-volterra --count 1 --t-end 10 --samples 100 --noise 0.02 --seed 1 \
    --output lotka-volterra.h5 >/dev/null

for problem in $problems; do
    data="$problem.h5"
    [ "$problem" = threebody-train1 ] && data=threebody.h5
    log "reference optimum: $problem"
    truth="$("$py" -c "from problems import Problem; print(','.join(repr(float(v)) for v in Problem('$problem', '$data').truth))")"
    "$py" "$here/peers.py" "$problem" "$data" reference "$truth" >> "$results"
    k=0
    "$py" -c "from problems import Problem, start_points; [print(','.join(repr(float(v)) for v in s)) for s in start_points(Problem('$problem', '$data'), $starts, $seed)]" |
    while read -r start; do
        k=$((k + 1))
        IFS=, read -r -a v <<< "$start"
        # The default newcomer command: data, model, starting values, what is observed, --json, --output. No other flags.
        if [ "$problem" = threebody ]; then
            fit=(--data "$data" --model three-body --parameters "masses=${v[0]},${v[1]},${v[2]}" --observe positions)
        elif [ "$problem" = threebody-train1 ]; then
            fit=(--data "$data" --model three-body --parameters "masses=${v[0]},${v[1]},${v[2]}" --observe positions
                 --train-until 1)
        else
            fit=(--data "$data" --model lotka-volterra --parameters "alpha=${v[0]},beta=${v[1]},delta=${v[2]},gamma=${v[3]}")
        fi
        log "$problem start $k ($start): orrery"
        "$py" "$here/orrery_run.py" "$orrery" "$problem" "$data" "$start" "fit-$problem-$k.h5" -- "${fit[@]}" \
            >> "$results" || echo "{\"side\": \"Orrery (default command)\", \"problem\": \"$problem\", \"failed\": true}" >> "$results"
        for peer in $peers; do
            log "$problem start $k: $peer"
            "$py" "$here/peers.py" "$problem" "$data" "$peer" "$start" --rtol "$peer_rtol" --atol "$peer_atol" \
                --cap "$cap" >> "$results" 2> "$problem-$peer-$k.log" \
                || echo "{\"side\": \"$peer\", \"problem\": \"$problem\", \"failed\": true}" >> "$results"
        done
    done
done

echo "## Least squares (issue 15): orrery fit's default command (Swift $(swift --version 2>&1 | head -1 | sed 's/.*version \([0-9.]*\).*/\1/'), -c release) vs scipy and optimistix"
echo
echo "Orrery: $("$orrery" --version) built from $(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD -- Sources Package.swift || echo ' (with uncommitted changes)'); command: \`Benchmarks/leastsquares/run.sh\` with STARTS=$starts SEED=$seed PEER_RTOL=$peer_rtol PEER_ATOL=$peer_atol PEER_CAP=$cap."
echo
echo "Machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(getconf _NPROCESSORS_ONLN) cores (shared with other engineers' builds); load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
echo
"$py" "$here/table.py" "$results"
cp "$results" "$here/results-latest.jsonl"
