#!/usr/bin/env bash
# ns per evaluate and per VJP of the learnable vector fields, beside plain-Swift lower bounds.
# Usage: Benchmarks/models/run.sh [iterations]     (from anywhere)
# If a source file was added to the root package since the last build, SwiftPM may keep a stale
# file list for the path dependency: `rm Benchmarks/models/.build/release.yaml` and run again.
set -euo pipefail
cd "$(dirname "$0")"
swift build -c release >&2
echo "## Orrery (Swift $(swift --version 2>&1 | head -1 | sed 's/.*version \([0-9.]*\).*/\1/'), swift build -c release)"
echo
.build/release/ModelBenchmark "$@"
