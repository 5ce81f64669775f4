"""Markdown table for Benchmarks/spiral: python table.py results.jsonl"""
import json
import os
import sys

rows = [json.loads(line) for line in open(sys.argv[1]) if line.startswith("{")]
# PEER: the side the speed-up is measured against (default diffrax-batched; Benchmarks/fitting/lockstep.sh: diffrax).
peer_name = os.environ.get("PEER", "diffrax-batched")
peer = next((r for r in rows if r["side"] == peer_name and not r.get("failed")), None)
label = "diffrax (batched)" if peer_name == "diffrax-batched" else peer_name
print(f"| side | iterations | ms / iteration | speed-up over {label} | loss at iteration 0 | final loss | "
      "f evaluations / iteration (per lane) | batching | observations |")
print("|---|---:|---:|---:|---:|---:|---:|---|---|")
for r in rows:
    if r.get("failed"):
        print(f"| {r['side']} | failed | | | | | | | |")
        continue
    ms = 1e3 * r["secondsPerIteration"]
    speedup = f"{peer['secondsPerIteration'] / r['secondsPerIteration']:.2f}×" if peer else "n/a"
    evaluations = r.get("functionEvaluationsPerIteration")
    print(f"| {r['side']} | {r['iterations']} | {ms:.1f} | {speedup} | {r['losses'][0]:.6f} | {r['finalLoss']:.6f} | "
          f"{'' if evaluations is None else f'{evaluations:.0f}'} | {r.get('batching', '')} | {r.get('observation_mode', '')} |")
versions = {}
for r in rows:
    versions.update(r.get("versions", {}))
print()
print("Peer versions: " + ", ".join(f"{k} {v}" for k, v in sorted(versions.items())))
print()
print("Commands:")
for r in rows:
    if r.get("command"):
        print(f"- {r['side']}: `{r['command']}`")
