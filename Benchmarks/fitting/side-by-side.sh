# Sourced by Benchmarks/spiral/run.sh, Benchmarks/fitting/lockstep.sh and Benchmarks/fitting/run.sh (after they set `root`): the orrery
# binary (built unless SKIP_BUILD=1), the output folder (OUT_DIR or a temporary one, made the working
# directory), an empty results.jsonl there, and `log`.
[[ -n "${SKIP_BUILD:-}" ]] || (cd "$root" && swift build -c release --product orrery >&2)
orrery="$root/.build/release/orrery"
out="${OUT_DIR:-$(mktemp -d)}"
mkdir -p "$out"
cd "$out"
results="$out/results.jsonl"
: > "$results"
log() { echo "[$(date +%T)] $*" >&2; }
