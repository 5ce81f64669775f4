"""Python peers for the ODE work-precision benchmark: scipy's solve_ivp(method="DOP853") and
REBOUND's IAS15 on the problems and output grid of problems.json, scored against the
reference trajectories Orrery wrote (max position deviation, energy drift).

usage: ode_peers.py PROBLEMS.json ORRERY.json OUT.json
"""
import json
import sys
import time

import numpy as np
import rebound
import scipy
from scipy.integrate import solve_ivp

SCIPY_TOLERANCES = [1e-6, 1e-8, 1e-10, 1e-12]
IAS15_EPSILONS = [1e-3, 1e-5, 1e-7, 1e-9]
PAIRS = [(0, 1), (0, 2), (1, 2)]


def make_rhs(masses, g):
    m = np.asarray(masses)

    def rhs(t, y):
        r = y[:9].reshape(3, 3)
        a = np.zeros((3, 3))
        for i, j in PAIRS:
            d = r[j] - r[i]
            inv = g / np.dot(d, d) ** 1.5
            a[i] += m[j] * inv * d
            a[j] -= m[i] * inv * d
        return np.concatenate((y[9:], a.ravel()))

    return rhs


def energy(y, masses, g):
    r, v = y[:9].reshape(3, 3), y[9:].reshape(3, 3)
    e = 0.5 * sum(masses[i] * v[i] @ v[i] for i in range(3))
    return e - sum(g * masses[i] * masses[j] / np.linalg.norm(r[j] - r[i]) for i, j in PAIRS)


def best_time(fn, budget=0.5, max_runs=5):
    """Minimum wall time over repeats (at least 1, until `budget` seconds, at most max_runs)."""
    best, spent, runs, result = float("inf"), 0.0, 0, None
    while runs < 1 or (spent < budget and runs < max_runs):
        start = time.perf_counter()
        result = fn()
        elapsed = time.perf_counter() - start
        best, spent, runs = min(best, elapsed), spent + elapsed, runs + 1
    return best, result


def score(states, reference, masses, g, y0):
    deviation = float(np.max(np.abs(states[:, :9] - reference)))
    e0 = energy(y0, masses, g)
    drift = max(abs(energy(s, masses, g) - e0) / abs(e0) for s in states)
    return deviation, drift


def run_scipy(p, reference):
    rhs, grid, y0 = make_rhs(p["masses"], p["G"]), np.asarray(p["grid"]), np.asarray(p["y0"])
    for tol in SCIPY_TOLERANCES:
        record = dict(side="scipy", problem=p["name"], method="scipy DOP853", setting=f"rtol=atol={tol:g}", tol=tol)
        seconds, sol = best_time(lambda: solve_ivp(rhs, (0.0, p["t_end"]), y0, method="DOP853",
                                                   t_eval=grid, rtol=tol, atol=tol))
        if sol.status != 0:
            record["failed"] = sol.message
        else:
            deviation, drift = score(sol.y.T, reference, p["masses"], p["G"], y0)
            record.update(time_s=seconds, nfev=int(sol.nfev), steps=None, max_pos_err=deviation, energy_drift=drift)
        print(f"scipy {p['name']} {tol:g}: {record.get('time_s', float('nan')) * 1e3:.1f} ms", file=sys.stderr)
        yield record


def run_ias15(p, reference):
    grid, y0 = np.asarray(p["grid"]), np.asarray(p["y0"])

    def integrate(eps, with_grid=True):
        sim = rebound.Simulation()
        sim.G = p["G"]
        for i in range(3):
            sim.add(m=p["masses"][i], x=y0[3 * i], y=y0[3 * i + 1], z=y0[3 * i + 2],
                    vx=y0[9 + 3 * i], vy=y0[10 + 3 * i], vz=y0[11 + 3 * i])
        sim.integrator = "ias15"
        sim.integrator.epsilon = eps
        if not with_grid:
            sim.integrate(p["t_end"])
            return None, sim.steps_done
        states = np.empty((len(grid), 18))
        xyz, vxyz = np.empty((3, 3)), np.empty((3, 3))
        for k, t in enumerate(grid):
            sim.integrate(t)  # exact_finish_time = 1 (default): lands on every output time
            sim.serialize_particle_data(xyz=xyz, vxvyvz=vxyz)  # one C-side copy, no per-particle Python
            states[k, :9], states[k, 9:] = xyz.ravel(), vxyz.ravel()
        return states, sim.steps_done

    for eps in IAS15_EPSILONS:
        record = dict(side="rebound", problem=p["name"], method="REBOUND IAS15", setting=f"epsilon={eps:g}", tol=eps)
        seconds, (states, steps) = best_time(lambda: integrate(eps))
        end_only_seconds, _ = best_time(lambda: integrate(eps, with_grid=False))
        deviation, drift = score(states, reference, p["masses"], p["G"], y0)
        record.update(time_s=seconds, nfev=None, steps=int(steps), max_pos_err=deviation, energy_drift=drift,
                      end_only_time_s=end_only_seconds)
        print(f"ias15 {p['name']} {eps:g}: {seconds * 1e3:.1f} ms", file=sys.stderr)
        yield record


def main(problems_path, orrery_path, out_path):
    problems = json.load(open(problems_path))["problems"]
    references = json.load(open(orrery_path))["references"]
    runs = []
    for p in problems:
        reference = np.asarray(references[p["name"]]["positions"])
        runs += list(run_scipy(p, reference))
        runs += list(run_ias15(p, reference))
    versions = dict(numpy=np.__version__, scipy=scipy.__version__, rebound=rebound.__version__,
                    python=sys.version.split()[0])
    json.dump(dict(runs=runs, versions=versions), open(out_path, "w"), indent=1)


if __name__ == "__main__":
    main(*sys.argv[1:4])
