#!/usr/bin/env bash
# ns per evaluate and per VJP: fields as equations (EquationModel) vs hand-written (Physics), with ratios.
# Usage: Benchmarks/equations/run.sh [iterations]     (from anywhere)
# If a source file was added to the root package since the last build, SwiftPM may keep a stale
# file list for the path dependency: `rm Benchmarks/equations/.build/release.yaml` and run again.
set -euo pipefail
cd "$(dirname "$0")"
swift build -c release >&2
echo "## Orrery (Swift $(swift --version 2>&1 | head -1 | sed 's/.*version \([0-9.]*\).*/\1/'), swift build -c release)"
echo
.build/release/EquationBenchmark "$@"
