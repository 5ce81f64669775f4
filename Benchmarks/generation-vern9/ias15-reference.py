#!/usr/bin/env python3
"""REBOUND IAS15 reference for a generated three-body dataset (issue 13, Vern9 accuracy table).

Usage: python3 ias15-reference.py DATASET.h5 OUT.npy [FIRST COUNT]
Integrates each trajectory's initial_state with its masses and G by IAS15 (Rein & Spiegel 2015, adaptive 15th order,
errors at machine precision), landing exactly on every sample time, and saves the (count, samples, 18) states.
"""
import sys

import h5py
import numpy as np
import rebound

path, out = sys.argv[1], sys.argv[2]
f = h5py.File(path, "r")
first = int(sys.argv[3]) if len(sys.argv) > 3 else 0
count = int(sys.argv[4]) if len(sys.argv) > 4 else f["initial_state"].shape[0] - first
states = np.full((count, f["t"].shape[1], 18), np.nan)
for k in range(count):
    j = first + k
    y0, m, g, times = f["initial_state"][j], f["parameters/masses"][j], f["parameters/G"][j], f["t"][j]
    sim = rebound.Simulation()
    sim.G = float(g)
    for i in range(3):
        sim.add(m=m[i], x=y0[3 * i], y=y0[3 * i + 1], z=y0[3 * i + 2],
                vx=y0[9 + 3 * i], vy=y0[10 + 3 * i], vz=y0[11 + 3 * i])
    sim.integrator = "ias15"
    for s, t in enumerate(times):
        sim.integrate(float(t), exact_finish_time=1)
        p = sim.particles
        states[k, s, :9] = [c for i in range(3) for c in p[i].xyz]
        states[k, s, 9:] = [c for i in range(3) for c in p[i].vxyz]
np.save(out, states)
