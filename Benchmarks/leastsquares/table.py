"""Markdown tables for Benchmarks/leastsquares: python table.py results.jsonl

"Same optimum": a side's final parameters agree with the reference optimum (scipy lm at DOP853 rtol = atol = 1e-12,
ftol = xtol = gtol = 1e-15, started at the truth) to ≤ 1e-6 relative in every component, and the loss of a tight
solve at them (referenceLoss, the same yardstick for every side) agrees with the reference loss to ≤ 1e-6 relative
(on noise-free data, whose optimum has loss ≈ 0, only the parameters are compared).
"""
import json
import statistics
import sys

rows = [json.loads(line) for line in open(sys.argv[1]) if line.startswith("{")]
TOLERANCE = 1e-6      # "same optimum"
LOOSE = 1e-4          # "near the optimum": parameters within 1e-4 relative (far inside the statistical uncertainty of a
                      # noisy fit, but beyond what a solve at rtol 1e-7 can promise), loss within 1e-6 relative
TITLES = {"threebody": "ACA paper's three-body masses (datasets/threebody-aca-paper.h5: 2001 noise-free samples on [0, 2], "
                       "positions observed, masses 1.1, 1.1, 0.9, G = 1.45; starts uniform in [0.9, 1.1]³)",
          "threebody-train1": "the same with `--train-until 1` (the ACA paper's training window: the 1001 observations "
                              "at t ≤ 1; one flag more than the default command)",
          "lotka-volterra": "Lotka–Volterra (100 samples on [0, 10], σ = 0.02, rates α, β, δ, γ = 1.5, 1, 1, 3; "
                            "starts truth·U[0.7, 1.3] per rate)"}
ORRERY = "Orrery (default command)"


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def fmt(x, spec=".3g"):
    return "n/a" if x is None else format(x, spec)


def seconds(x):
    if x is None:
        return "n/a"
    return f"{1e3 * x:.1f} ms" if x < 1 else f"{x:.2f} s"


def judge(row, reference):
    p, q = row["parameters"], reference["parameters"]
    row["parameterDifference"] = max(abs(a - b) / abs(b) for a, b in zip(p, q))
    loss, ref = row.get("referenceLoss"), reference["referenceLoss"]
    row["lossDifference"] = None if loss is None else abs(loss - ref) / ref
    # Noise-free data (reference loss ≈ 0): the loss is ~‖J·Δp‖², so only the parameters can say how close a side is.
    loss_ok = loss is not None and (ref < 1e-16 or abs(loss - ref) <= TOLERANCE * ref)
    row["sameOptimum"] = loss_ok and row["parameterDifference"] <= TOLERANCE
    row["nearOptimum"] = loss_ok and row["parameterDifference"] <= LOOSE
    row["maxRelativeError"] = max(row["relativeError"])


def ratio(runs, orrery, side, key):
    """Median wall of `side` over Orrery's median wall, on the starts where both satisfy `key`."""
    pairs = [(r["wallSeconds"], orrery[tuple(r["start"])]["wallSeconds"]) for r in runs
             if r["side"] == side and r[key] and tuple(r["start"]) in orrery and orrery[tuple(r["start"])][key]]
    return (median(a for a, _ in pairs) / median(b for _, b in pairs), len(pairs)) if pairs else (None, 0)


def ratio_text(value):
    r, n = value
    return f"{r:.1f}× ({n})" if r is not None else "n/a (0)"


problems = [p for p in ["threebody", "threebody-train1", "lotka-volterra"] if any(r["problem"] == p for r in rows)]
summary_lines = []
for problem in problems:
    mine = [r for r in rows if r["problem"] == problem]
    reference = next((r for r in mine if r["side"] == "reference"), None)
    runs = [r for r in mine if r["side"] != "reference" and not r.get("failed")]
    for r in runs:
        judge(r, reference)
    sides = list(dict.fromkeys(r["side"] for r in runs))
    orrery = {tuple(r["start"]): r for r in runs if r["side"] == ORRERY}
    print(f"### {problem}: {TITLES[problem]}")
    print()
    print(f"Reference optimum: {', '.join(f'{v:.10g}' for v in reference['parameters'])} (loss {reference['referenceLoss']:.6e}; "
          f"max relative distance from the truth {max(reference['relativeError']):.2e}).")
    print()
    print("| side | tolerances | starts at the optimum (≤ 1e-6) / near it (≤ 1e-4) | median wall (all starts) | "
          "of which compile | compiled rerun | median iterations (or residual evaluations) | median max rel. error vs truth | worst | wall ÷ Orrery's: all starts | "
          "starts where both are at the optimum | both near it |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    base_all = median(r["wallSeconds"] for r in orrery.values())
    for side in sides:
        group = [r for r in runs if r["side"] == side]
        tol = group[0].get("tolerances")
        st = group[0].get("settings") or {}
        tol_text = (f"{tol['rtol']:g} / {tol['atol']:g}" if tol else
                    f"defaults: {st.get('solver', '?')} {st.get('rtol', float('nan')):g} / {st.get('atol', float('nan')):g}, "
                    f"observations {st.get('observation_mode', '?')}" if st else "defaults")
        ratio_all = median(r["wallSeconds"] for r in group) / base_all if base_all else None
        own = side == ORRERY
        print(f"| {side} | {tol_text} | {sum(r['sameOptimum'] for r in group)} / {sum(r['nearOptimum'] for r in group)} of {len(group)} | "
              f"{seconds(median(r['wallSeconds'] for r in group))} | {seconds(median(r.get('compileSeconds') for r in group))} | "
              f"{seconds(median(r.get('warmRunSeconds') for r in group))} | "
              f"{fmt(median(r.get('iterations') for r in group), '.0f') if any(r.get('iterations') is not None for r in group) else fmt(median(r.get('residualEvaluations') for r in group), '.0f') + ' fev'} | "
              f"{fmt(median(r['maxRelativeError'] for r in group), '.2e')} | {fmt(max(r['maxRelativeError'] for r in group), '.2e')} | "
              f"{'—' if own else fmt(ratio_all, '.1f') + '×'} | {'—' if own else ratio_text(ratio(runs, orrery, side, 'sameOptimum'))} | "
              f"{'—' if own else ratio_text(ratio(runs, orrery, side, 'nearOptimum'))} |")
    print()
    print("<details><summary>per start</summary>")
    print()
    print("| start | side | status | wall | iterations | max rel. error vs truth | loss (tight solve) | Δ parameters vs reference | at / near the optimum |")
    print("|---|---|---|---:|---:|---:|---:|---:|---|")
    for start in dict.fromkeys(tuple(r["start"]) for r in runs):
        for r in [r for r in runs if tuple(r["start"]) == start]:
            extra = (f" (compile {r['compileSeconds']:.1f} s" + (f", warm rerun {seconds(r['warmRunSeconds'])})" if r.get("warmRunSeconds") else ")")) if "compileSeconds" in r else ""
            print(f"| {', '.join(f'{v:.4g}' for v in start)} | {r['side']} | {r['status']} | {seconds(r['wallSeconds'])}{extra} | "
                  f"{fmt(r.get('iterations'), '.0f') if r.get('iterations') is not None else fmt(r.get('residualEvaluations'), '.0f') + ' fev'} | "
                  f"{r['maxRelativeError']:.2e} | {fmt(r.get('referenceLoss'), '.6e')} | {r['parameterDifference']:.1e} | "
                  f"{'at' if r['sameOptimum'] else 'near' if r['nearOptimum'] else 'no'} |")
    print()
    print("</details>")
    print()
    if problem.startswith("threebody") and orrery:
        summary_lines.append(f"{problem}{' (the default command)' if problem == 'threebody' else ' (--train-until 1)'}:")
        o = list(orrery.values())
        worst_error = max(r["maxRelativeError"] for r in o)
        worst_wall = max(r["wallSeconds"] for r in o)
        summary_lines.append(f"  - masses ≤ 1e-8 relative from every start: "
                             f"{'met' if worst_error <= 1e-8 else 'missed'} (worst {worst_error:.2e}, "
                             f"{sum(r['maxRelativeError'] <= 1e-8 for r in o)}/{len(o)} starts; best {min(r['maxRelativeError'] for r in o):.2e})")
        summary_lines.append(f"  - ≤ 50 ms per fit (process wall time): {'met' if worst_wall <= 0.05 else 'missed'} "
                             f"(median {seconds(median(r['wallSeconds'] for r in o))}, worst {seconds(worst_wall)})")
        for side, target in [(s, 50 if s.startswith("scipy") else 10) for s in sides if s != ORRERY]:
            value, n = ratio(runs, orrery, side, "sameOptimum")
            if n:
                summary_lines.append(f"  - ≥ {target}× faster than {side} at the same optimum: "
                                     f"{'met' if value >= target else 'missed'} ({value:.1f}× over {n} common starts)")
            else:
                summary_lines.append(f"  - ≥ {target}× faster than {side} at the same optimum: not measurable "
                                     f"(no start where both reach the reference optimum); over all starts "
                                     f"{median(r['wallSeconds'] for r in runs if r['side'] == side) / median(r['wallSeconds'] for r in o):.1f}×")
if summary_lines:
    print("### Targets of issue 15 (three-body)")
    print()
    print("\n".join(summary_lines))
    print()
versions = {}
for r in rows:
    versions.update(r.get("versions", {}))
print("Versions: " + ", ".join(f"{k} {v}" for k, v in sorted(versions.items())))
