#!/usr/bin/env bash
# Paired A/B of two orrery binaries on the default generation command, alternating old/new so both see the
# same (shared) machine. Prints per run: side, threads, trajectoriesPerSecond (JSON), wall s, user CPU s, cores busy before (%),
# and the first 16 hex digits of the output file's sha256 (same seed: must be the same for every side and thread count).
#   ab-cpu.sh OLD_ORRERY NEW_ORRERY [ROUNDS] [COUNT]
old=$1 new=$2 rounds=${3:-3} count=${4:-1000}
tmp=$(mktemp -d)
busy() { read -r _ u n s i1 io irq sirq st _ < /proc/stat; local t1=$((u+n+s+i1+io+irq+sirq+st)); sleep 1
         read -r _ u n s i2 io irq sirq st _ < /proc/stat; local t2=$((u+n+s+i2+io+irq+sirq+st)); echo $((100-100*(i2-i1)/(t2-t1))); }
for r in $(seq $rounds); do for th in 1 2; do for side in old new; do
  bin=$old; [[ $side == new ]] && bin=$new
  b=$(busy)
  /usr/bin/time -f "%e %U" -o "$tmp/t.txt" $bin generate three-body --preset random --count $count --t-end 20 --samples 200 --json --threads $th --output "$tmp/ab.h5" > "$tmp/j.json" 2>/dev/null
  rate=$(python3 -c "import json; print(round(json.load(open('$tmp/j.json'))['trajectoriesPerSecond']))")
  echo "$side $th $rate $(cat "$tmp/t.txt") $b $(sha256sum "$tmp/ab.h5" | cut -c1-16)"
done; done; done
rm -rf "$tmp"
