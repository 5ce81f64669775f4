#!/usr/bin/env bash
# Regenerates every committed dataset and manifest.json (file, command, seed, sha256).
# Same commands, same seeds: the same bytes, whatever the machine's thread count.
set -euo pipefail
cd "$(dirname "$0")"
ORRERY=${ORRERY:-../.build/release/orrery}
[ -x "$ORRERY" ] || (cd .. && swift build -c release --product orrery >/dev/null)

# name | seed | arguments | description
DATASETS=(
  "example-spiral.h5|1|generate example --count 2 --samples 20 --seed 1|Damped spiral dz/dt = A z from its exact solution: 2 trajectories x 20 irregular times in [0, 10], noise 0.01."
  "threebody-figure-eight.h5|0|generate three-body --preset figure-eight --count 1 --samples 500 --seed 0|Figure-eight choreography over 10 periods, 500 regular samples, no noise (DOP853 in Sundman time, rtol = atol = 7e-14)."
  "threebody-aca-paper.h5|0|generate three-body --preset aca-paper --count 1 --t-end 2 --samples 2001 --seed 0|The ACA paper's three-body configuration (masses 1.1, 1.1, 0.9) on [0, 2], 2001 regular samples, no noise."
  "threebody-random-small.h5|7|generate three-body --preset random --count 32 --t-end 5 --samples 100 --sampling irregular --noise 0.01 --seed 7|32 random bound three-body systems, 100 irregular times in [0, 5], position and velocity noise 0.01."
  "spiral-irregular.h5|3|generate time-series --system spiral --count 64 --t-end 10 --samples 100 --sampling irregular --noise 0.01 --seed 3|Spiral, 64 trajectories x 100 irregular times in [0, 10], noise 0.01."
  "lotka-volterra-missing.h5|5|generate time-series --system lotka-volterra --count 16 --t-end 10 --samples 100 --sampling irregular --noise 0.02 --missing 0.2 --seed 5|Lotka-Volterra (1.5, 1, 1, 3), 16 trajectories x 100 irregular times, noise 0.02, 20 % of entries missing."
)

entries=()
for spec in "${DATASETS[@]}"; do
  IFS='|' read -r file seed arguments description <<<"$spec"
  # shellcheck disable=SC2086
  "$ORRERY" $arguments --output "$file" >/dev/null
  sum=$(sha256sum "$file" | cut -d' ' -f1)
  entries+=("    {\"file\": \"$file\", \"command\": \"orrery $arguments --output $file\", \"seed\": $seed, \"sha256\": \"$sum\", \"description\": \"$description\"}")
  echo "$file  $sum"
done
{
  echo '{'
  echo '  "note": "Every committed dataset, the command that made it (run from this folder; datasets/regenerate.sh runs them all) and its sha256. The same command gives the same bytes.",'
  echo '  "datasets": ['
  for i in "${!entries[@]}"; do
    sep=","; [ "$i" -eq $((${#entries[@]} - 1)) ] && sep=""
    echo "${entries[$i]}$sep"
  done
  echo '  ]'
  echo '}'
} > manifest.json.tmp && mv manifest.json.tmp manifest.json
