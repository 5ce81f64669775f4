"""Assembles Benchmarks/gradients results (one JSON line per run) into one Markdown table with ratios."""
import json
import sys

workload = json.load(open(sys.argv[1]))
rows = [json.loads(line) for line in open(sys.argv[2]) if line.strip()]

print(f"Workload: random bound three-body system (seed {workload['seed']}, index {workload['index']}), masses "
      f"{[round(m, 4) for m in workload['trueMasses']]} perturbed by +10 % to {[round(m, 4) for m in workload['masses']]}, "
      f"G = {workload['G']}; loss = mean squared position error at t = 0.1k, k = 1…50; gradient w.r.t. 3 masses + 18 "
      f"initial-state values. Dopri5, float64, CPU, one thread per process.")
print(f"Reference: {workload['referenceDescription']} (loss {workload['referenceLoss']:.10g}); it agrees with five-point "
      f"finite differences of the same tight solve to {workload['referenceVersusFiniteDifferences']:.1e} (relative).")
print()


def name(r):
    if r.get("library") == "Orrery":
        return f"Orrery {r['method']} ({'land on observations' if r['mode'] == 'step' else 'dense output'})"
    return {"torchdiffeq-odeint": "torchdiffeq odeint (backprop)", "torchdiffeq-adjoint": "torchdiffeq odeint_adjoint",
            "tdep-aca": "TorchDiffEqPack ACA (per interval)", "tdep-mali": "TorchDiffEqPack MALI (sym12async, per interval)",
            "diffrax-recursive": "diffrax RecursiveCheckpointAdjoint (jit)",
            "diffrax-backsolve": "diffrax BacksolveAdjoint (jit)"}.get(r["method"], r["method"])


def mb(x):
    return f"{x / 1e6:.2f}"


for tol in sorted({r["tolerance"] for r in rows}, reverse=True):
    group = [r for r in rows if r["tolerance"] == tol]
    aca = next((r for r in group if r.get("library") == "Orrery" and r["method"] == "aca" and r["mode"] == "step"), None)
    print(f"### rtol = atol = {tol:g}")
    print()
    print("| method | ms / gradient | × Orrery ACA | f evals fwd / bwd (+VJP) | steps acc / rej | memory: held for backward (MB) | max-RSS increase (MB) | relative gradient error |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in group:
        if r.get("failed"):
            print(f"| {name(r)} | failed: {r.get('reason', 'see log')} | | | | | | |")
            continue
        ms = r["secondsPerGradient"] * 1e3
        ratio = f"{r['secondsPerGradient'] / aca['secondsPerGradient']:.1f}×" if aca else ""
        if r.get("library") == "Orrery":
            evals = f"{r['forwardEvaluations']} / {r['backwardEvaluations']} (+{r['backwardVJPs']})"
            held = mb(r["peakBackwardBytes"])
        else:
            approx = "≈" if r.get("forwardEvaluationsEstimated") else ""
            bwd = r.get("backwardEvaluations")
            evals = f"{approx}{r['forwardEvaluations']} / {bwd if bwd is not None else 'n/a'}"
            held = "n/a"
        steps = f"{r['acceptedSteps']} / {r['rejectedSteps']}" if "acceptedSteps" in r else "n/a"
        print(f"| {name(r)} | {ms:.3f} | {ratio} | {evals} | {steps} | {held} | {mb(r['maxRSSIncreaseBytes'])} | {r['relativeError']:.2e} |")
    print()
    by = {r["method"]: r for r in group if not r.get("failed")}
    if aca:
        for peer, target in [("diffrax-recursive", 10), ("tdep-aca", 500)]:
            if peer in by:
                ratio = by[peer]["secondsPerGradient"] / aca["secondsPerGradient"]
                verdict = "met" if ratio >= target else f"missed (by {target / ratio:.1f}×)"
                print(f"- Orrery ACA vs {name(by[peer])}: {ratio:.1f}× faster (target ≥ {target}×: {verdict}); "
                      f"gradient error {aca['relativeError']:.2e} vs {by[peer]['relativeError']:.2e} "
                      f"({'≤' if aca['relativeError'] <= by[peer]['relativeError'] else '>'} theirs).")
    mali = next((r for r in group if r.get("library") == "Orrery" and r["method"] == "mali" and not r.get("failed")), None)
    if mali and "tdep-mali" in by:
        ratio = by["tdep-mali"]["secondsPerGradient"] / mali["secondsPerGradient"]
        verdict = "met" if ratio >= 100 else f"missed (by {100 / ratio:.1f}×)"
        print(f"- Orrery MALI vs {name(by['tdep-mali'])}: {ratio:.1f}× faster (target ≥ 100×: {verdict}); "
              f"gradient error {mali['relativeError']:.2e} vs {by['tdep-mali']['relativeError']:.2e} "
              f"({'≤' if mali['relativeError'] <= by['tdep-mali']['relativeError'] else '>'} theirs).")
    print()
versions = {}
for r in rows:
    versions.update(r.get("versions", {}))
print("Peer versions: " + ", ".join(f"{k} {v}" for k, v in sorted(versions.items())))
