"""Rewrites an `orrery generate time-series --system spiral` dataset onto ONE shared irregular time grid.

    python shared_times.py IN.h5 OUT.h5 SAMPLES SEED [NOISE]

`orrery generate time-series --sampling irregular` draws each trajectory's own times; the shared-grid
benchmark needs the same irregular times for every trajectory. This keeps IN's initial states, system
parameters and attributes, draws SAMPLES sorted uniform times in (0, t_end] once (numpy, SEED), and writes
the exact linear flow y(t) = expm(A t) y0 (A = [[a11, a12], [a21, a22]], per trajectory) as `state_true`,
plus N(0, NOISE²) noise (default: IN's noise_std) as `state`. The schema-v1 layout is unchanged.
"""
import shutil
import sys

import h5py
import numpy as np
from scipy.linalg import expm

source, target, samples, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
shutil.copyfile(source, target)
random = np.random.default_rng(seed)
with h5py.File(target, "r+") as f:
    noise = float(sys.argv[5]) if len(sys.argv) > 5 else float(f.attrs["noise_std"])
    t_end = float(f.attrs["t_end"])
    y0 = f["initial_state"][:]
    count = y0.shape[0]
    times = np.sort(random.uniform(0, t_end, samples))
    truth = np.empty((count, samples, 2))
    for b in range(count):
        a = np.array([[f["parameters/a11"][b], f["parameters/a12"][b]], [f["parameters/a21"][b], f["parameters/a22"][b]]])
        truth[b] = np.stack([expm(a * t) @ y0[b] for t in times])
    for name in ("t", "state", "state_true"):
        del f[name]
    f["t"] = np.tile(times, (count, 1))
    f["state_true"] = truth
    f["state"] = truth + noise * random.standard_normal(truth.shape)
    f.attrs["samples"] = samples
    f.attrs["sampling"] = "irregular, shared by every trajectory (Benchmarks/spiral/shared_times.py)"
    f.attrs["noise_std"] = noise
    f.attrs["command"] = str(f.attrs["command"]) + f" | shared_times.py {samples} {seed}"
