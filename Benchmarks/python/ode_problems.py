"""Writes the three-body benchmark problems (initial state, masses, span, output grid) as JSON,
so that Orrery and the Python peers integrate exactly the same thing.

State layout: [r1, r2, r3, v1, v2, v3] (3-vectors), G = 1.
"""
import json
import sys

import numpy as np

FIGURE_EIGHT_PERIOD = 6.32591398
GRID_POINTS = 1001


def figure_eight():
    r = [0.97000436, -0.24308753, 0.0, -0.97000436, 0.24308753, 0.0, 0.0, 0.0, 0.0]
    v = [0.466203685, 0.43236573, 0.0, 0.466203685, 0.43236573, 0.0, -0.93240737, -0.86473146, 0.0]
    return dict(name="figure_eight", masses=[1.0, 1.0, 1.0], y0=r + v, t_end=10 * FIGURE_EIGHT_PERIOD)


def pythagorean():
    r = [1.0, 3.0, 0.0, -2.0, -1.0, 0.0, 1.0, -1.0, 0.0]
    return dict(name="pythagorean", masses=[3.0, 4.0, 5.0], y0=r + [0.0] * 9, t_end=70.0)


def random_bound(seed=20240611):
    """Random masses in [0.8, 1.2], positions in the unit cube, centre-of-mass frame,
    velocities rescaled to virial ratio K/|U| = 0.25 (so E < 0: bound)."""
    rng = np.random.default_rng(seed)
    while True:
        m = rng.uniform(0.8, 1.2, 3)
        r = rng.uniform(-1.0, 1.0, (3, 3))
        v = rng.normal(0.0, 1.0, (3, 3))
        r -= (m[:, None] * r).sum(0) / m.sum()
        v -= (m[:, None] * v).sum(0) / m.sum()
        pairs = [(0, 1), (0, 2), (1, 2)]
        if min(np.linalg.norm(r[i] - r[j]) for i, j in pairs) < 0.5:
            continue
        potential = -sum(m[i] * m[j] / np.linalg.norm(r[i] - r[j]) for i, j in pairs)
        kinetic = 0.5 * (m[:, None] * v**2).sum()
        v *= np.sqrt(0.25 * abs(potential) / kinetic)
        return dict(name="random_bound", masses=m.tolist(), y0=r.ravel().tolist() + v.ravel().tolist(),
                    t_end=20.0, seed=seed)


def main(path):
    problems = [figure_eight(), pythagorean(), random_bound()]
    for p in problems:
        p["G"] = 1.0
        p["grid"] = np.linspace(0.0, p["t_end"], GRID_POINTS).tolist()
    with open(path, "w") as f:
        json.dump({"problems": problems}, f)


if __name__ == "__main__":
    main(sys.argv[1])
