#!/usr/bin/env bash
# CSV reading throughput of TrajectoryDataset.readCSV (issue 11), best and median of several reads.
# Usage: Benchmarks/csv/run.sh [trajectories (120 ≈ 10 MB)] [repeats]     (from anywhere)
set -euo pipefail
cd "$(dirname "$0")"
swift build -c release >&2
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores" >&2
.build/release/CSVBenchmark "$@"
