"""Markdown tables for Benchmarks/fitting: python table.py results.jsonl"""
import json
import sys

rows = [json.loads(line) for line in open(sys.argv[1]) if line.startswith("{")]  # skip anything a library printed


def fmt(x, spec=".3g"):
    return "n/a" if x is None else format(x, spec)


def note(r):
    if r.get("failed"):
        return "failed (see its log)"
    if r["status"] == "capped":
        return f"capped after {r['iterations']} iterations ({r['seconds'][-1]:.0f} s): per-iteration time extrapolated"
    return r["status"]


# ------------------------------------------------------------------------------------------ masses
masses = [r for r in rows if r["workload"] == "masses"]
print("### 1. Mass recovery (random bound three-body, 100 irregular times in [0, 5], σ = 0.01, positions observed)")
print()
print("| side | status | iterations (best at) | wall s to plateau | of which compile s | ms / iteration | "
      "final loss | best loss | max rel. mass error | wall × Orrery aca (step) |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
base = next((r for r in masses if r["side"] == "Orrery aca (step)"), None)
for r in masses:
    if r.get("failed"):
        print(f"| {r['side']} | failed | | | | | | | | |")
        continue
    error = max(r["massRelativeError"])
    wall = r["wallSeconds"]
    # A capped run: the time to its plateau is unknown; estimate it at Orrery's plateau iteration count.
    if r["status"] == "capped" and base:
        estimate = r["secondsPerIteration"] * base["iterations"]
        wall_text = f"≈ {estimate:.1f} (est.)"
        ratio = estimate / base["wallSeconds"]
    else:
        wall_text = f"{wall:.3f}"
        ratio = wall / base["wallSeconds"] if base else None
    print(f"| {r['side']} | {note(r)} | {r['iterations']} ({r['bestIteration']}) | {wall_text} | "
          f"{fmt(r.get('compileSeconds'), '.2f')} | {1e3 * r['secondsPerIteration']:.2f} | {r['finalLoss']:.6e} | "
          f"{r['bestLoss']:.6e} | {error:.2e} | {fmt(ratio, '.1f')}× |")
print()
for r in masses:
    if not r.get("failed"):
        print(f"- {r['side']}: masses {', '.join(f'{m:.6f}' for m in r['masses'])}; "
              f"relative errors {', '.join(f'{e:.1e}' for e in r['massRelativeError'])}")
print()

# ------------------------------------------------------------------------------------------ spiral
spiral = [r for r in rows if r["workload"] == "spiral"]
print("### 2. Neural ODE, spiral (64 trajectories × 100 irregular times in [0, 10], σ = 0.01, MLP 2-64-64-2 tanh)")
print()
print("| side | status | iterations | wall s | of which compile s | ms / iteration | × Orrery aca (dense, 2 threads) | "
      "loss at iteration 0 | final loss (iteration 199) | batching |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|---|")
base = next((r for r in spiral if r["side"] == "Orrery aca (dense, 2 threads)"), None)
for r in spiral:
    if r.get("failed"):
        print(f"| {r['side']} | failed | | | | | | | | |")
        continue
    ratio = r["secondsPerIteration"] / base["secondsPerIteration"] if base else None
    final = f"{r['finalLoss']:.5f}" if r["iterations"] == 200 else f"n/a (at {r['iterations'] - 1}: {r['finalLoss']:.4f})"
    batching = r.get("batching", "each trajectory its own solve and steps, in parallel")
    print(f"| {r['side']} | {note(r)} | {r['iterations']} | {r['wallSeconds']:.1f} | {fmt(r.get('compileSeconds'), '.1f')} | "
          f"{1e3 * r['secondsPerIteration']:.1f} | {fmt(ratio, '.1f')}× | {r['losses'][0]:.6f} | {final} | {batching} |")
print()
versions = {}
for r in rows:
    versions.update(r.get("versions", {}))
print("Peer versions: " + ", ".join(f"{k} {v}" for k, v in sorted(versions.items())))
