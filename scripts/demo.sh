#!/usr/bin/env bash
# The main job on a built-in default: install what is missing, build Orrery,
# generate a small dataset and show what is in it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
swift build -c release --product orrery
ORRERY=.build/release/orrery
mkdir -p demo-output
$ORRERY generate example --count 4 --samples 50 --noise 0.01 --seed 1 --output demo-output/spiral.h5
$ORRERY inspect demo-output/spiral.h5
