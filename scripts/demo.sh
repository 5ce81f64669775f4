#!/usr/bin/env bash
# The main job on a built-in default, in well under a minute once built: install what is
# missing, build Orrery, simulate the ACA paper's three-body system, learn its three masses
# from positions on [0, 1] with the default fit, and evaluate the fit inside and beyond that span.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
swift build -c release --product orrery
ORRERY=$PWD/.build/release/orrery
mkdir -p demo-output && cd demo-output
"$ORRERY" generate three-body --preset aca-paper --count 1 --t-end 2 --samples 401 --output aca.h5
# The defaults: Levenberg–Marquardt with exact forward-sensitivity Jacobians, masses in log space.
"$ORRERY" fit --data aca.h5 --model three-body --parameters masses=1.0,0.95,1.05 \
    --observe positions --train-until 1 --output fit.h5
"$ORRERY" evaluate --fit fit.h5 --markdown --plots figures
echo "Figures in demo-output/figures; inspect the files with: $ORRERY inspect demo-output/fit.h5"
