#!/bin/bash
# Instruction counts (valgrind --tool=callgrind, repeatable on a shared machine) of a plain solve,
# an ACA gradient and a naive gradient, for two source trees side by side:
#   Benchmarks/loop/callgrind.sh OLD_CHECKOUT NEW_CHECKOUT [REPS]
# e.g. OLD_CHECKOUT from `git worktree add /tmp/old <commit>`. Builds ODE, Parallel and Gradients
# with swiftc -O -wmo (valgrind 3.19 cannot read the DWARF 5 of SwiftPM's test bundle, and crashes
# in the Swift Testing runner), then prints instructions per call with the start-up subtracted.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
reps=${3:-100}
work=$(mktemp -d)
build() {  # build SRCROOT OUT
    local flags="-O -wmo -parse-as-library -package-name orrery -I $2/mods -swift-version 6"
    mkdir -p "$2/mods"
    for m in ODE Parallel Gradients; do
        swiftc $flags -module-name $m -emit-module -emit-module-path "$2/mods/$m.swiftmodule" \
            -c "$1"/Sources/$m/*.swift -o "$2/$m.o"
    done
    swiftc -O -wmo -I "$2/mods" "$here/kepler-bench.swift" "$2"/ODE.o "$2"/Parallel.o "$2"/Gradients.o -o "$2/bench"
}
count() {  # count BINARY WORKLOAD REPS
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$1" "$2" "$3" 2>&1 | sed -n 's/.*Collected : //p'
}
for side in old new; do
    src=$1; [ $side = new ] && src=$2
    build "$src" "$work/$side"
    base=$(count "$work/$side/bench" none 1)
    for w in solve aca naive; do
        total=$(count "$work/$side/bench" $w "$reps")
        echo "$side $w: $(( (total - base) / reps )) instructions per call"
    done
done
rm -rf "$work"
