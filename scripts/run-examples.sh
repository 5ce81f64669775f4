#!/usr/bin/env bash
# Builds and runs every package under Examples/ against this checkout (each depends on Orrery by
# path), so the README's library example keeps compiling and working. Each example has its own
# .build; the first build compiles Orrery's library modules once more (not the CLI or the tests).
set -euo pipefail
cd "$(dirname "$0")/.."
for example in Examples/*/; do
  echo "== $example"
  (cd "$example" && swift build -c release && swift run -c release --skip-build)
done
