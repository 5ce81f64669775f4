"""Prints the ODE work-precision tables and the peer/Orrery time ratios at equal accuracy.

usage: ode_compare.py OUT_DIR   (reads orrery.json and peers.json from the benchmark run)

Equal accuracy: for each peer run, Orrery's wall time at the same max position deviation is read
off each Orrery method's work-precision curve (log-log interpolation between its runs) and the
fastest method is used. If the peer is less accurate than Orrery's loosest run, that (more
accurate) run's time is used, which understates Orrery's advantage. If it is more accurate than
Orrery's tightest run, it is compared (marked ≈) with the reference solve itself (dop853 at 1e-14):
both then agree to within the reference's own accuracy.

Two further columns isolate implementation speed: scipy's DOP853 against Orrery's dop853 at the same
tolerance (same algorithm, near-identical evaluation counts), and IAS15's time when it integrates
straight to t_end without the output grid (no Python call per output time).
"""
import json
import math
import sys
from collections import defaultdict


def fmt(x, spec):
    return "—" if x is None else format(x, spec)


def orrery_time_at(runs, error):
    """Fastest Orrery time reaching `error`, interpolated per method; None if out of reach."""
    best = None
    by_method = defaultdict(list)
    for r in runs:
        if "failed" not in r and r["max_pos_err"] > 0:
            by_method[r["method"]].append((r["max_pos_err"], r["time_s"], r["method"]))
    for method, points in by_method.items():
        points.sort(key=lambda p: -p[0])  # loosest first
        candidate = None
        if error >= points[0][0]:
            candidate = points[0][1]
        else:
            for (e1, t1, _), (e2, t2, _) in zip(points, points[1:]):
                if e2 <= error <= e1:
                    w = (math.log(error) - math.log(e1)) / (math.log(e2) - math.log(e1)) if e1 != e2 else 0
                    candidate = math.exp(math.log(t1) + w * (math.log(t2) - math.log(t1)))
                    break
            if candidate is None:
                # Not monotone (chaotic problems): the cheapest run at least this accurate.
                reaching = [t for e, t, _ in points if e <= error]
                candidate = min(reaching) if reaching else None
        if candidate is not None and (best is None or candidate < best[0]):
            best = (candidate, method)
    return best


def main(out_dir):
    orrery = json.load(open(f"{out_dir}/orrery.json"))
    peers = json.load(open(f"{out_dir}/peers.json"))
    runs = orrery["runs"] + peers["runs"]
    problems = list(dict.fromkeys(r["problem"] for r in runs))
    print(f"Peers: {', '.join(f'{k} {v}' for k, v in peers['versions'].items())}. "
          f"Reference: {orrery['reference']}.\n")
    summary = []
    for p in problems:
        ref = orrery["references"][p]
        print(f"### {p}\n")
        print(f"Reference check: Orrery dop853 at 1e-13 deviates from the reference by "
              f"{ref['dop853_1e-13_deviation']:.2e} (the accuracy floor of this table).\n")
        print("| side | method | setting | wall time (ms) | f evals | steps | max position deviation | max rel. energy drift |")
        print("|---|---|---|---:|---:|---:|---:|---:|")
        for r in (r for r in runs if r["problem"] == p):
            if "failed" in r:
                print(f"| {r['side']} | {r['method']} | {r['setting']} | failed: {r['failed']} | | | | |")
                continue
            print(f"| {r['side']} | {r['method']} | {r['setting']} | {r['time_s'] * 1e3:.3f} | "
                  f"{fmt(r.get('nfev'), 'd')} | {fmt(r.get('steps'), 'd')} | {r['max_pos_err']:.2e} | "
                  f"{r['energy_drift']:.2e} |")
        print()
        mine = [r for r in orrery["runs"] if r["problem"] == p]
        print("| peer | setting | peer deviation | peer time (ms) | Orrery time at equal deviation (ms) | Orrery method "
              "| ratio (peer / Orrery) | same-algorithm ratio |")
        print("|---|---|---:|---:|---:|---|---:|---|")
        for r in (r for r in peers["runs"] if r["problem"] == p and "failed" not in r):
            match, mark = orrery_time_at(mine, r["max_pos_err"]), ""
            if match is None:
                match, mark = (ref["time_s"], "dop853 1e-14 (reference)"), "≈ "
            ratio = r["time_s"] / match[0]
            summary.append((p, r["method"], r["setting"], r["max_pos_err"], ratio))
            extra = ""
            if r["side"] == "scipy":
                twin = next((o for o in mine if o["method"] == "dop853" and o["tol"] == r["tol"] and "failed" not in o), None)
                if twin:
                    extra = f"{r['time_s'] / twin['time_s']:.0f}× vs dop853 at the same tolerance ({r['nfev']} vs {twin['nfev']} evals)"
            elif "end_only_time_s" in r:
                extra = f"no grid: {r['end_only_time_s'] * 1e3:.2f} ms → {mark}{r['end_only_time_s'] / match[0]:.1f}×"
            print(f"| {r['method']} | {r['setting']} | {r['max_pos_err']:.2e} | {r['time_s'] * 1e3:.2f} | "
                  f"{match[0] * 1e3:.3f} | {match[1]} | {mark}{ratio:.0f}× | {extra} |")
        print()
    print("### Summary: peer time / Orrery time at equal accuracy\n")
    print("| peer | problem | min ratio | max ratio |")
    print("|---|---|---:|---:|")
    for peer in ("scipy DOP853", "REBOUND IAS15"):
        for p in problems:
            ratios = [s[4] for s in summary if s[0] == p and s[1] == peer]
            if ratios:
                print(f"| {peer} | {p} | {min(ratios):.0f}× | {max(ratios):.0f}× |")


if __name__ == "__main__":
    main(sys.argv[1])
