#!/usr/bin/env python3
"""Global error of generated three-body datasets against references (issue 13, Vern9 vs DOP853).

Usage: python3 accuracy.py REFERENCE(.h5|.npy) [REFERENCE2 ...] -- RUN.h5 ...
For each run (and each reference against the first): evaluations per trajectory (from RUN.json beside it, when
present), the per-trajectory maximum |Δy| over the 200 samples and 18 components against the first reference
(median, 90th percentile, max; over the trajectories both have), and the per-trajectory relative energy drift max_t |E(t) − E(0)| / |E(0)| from the
run's own samples (median, 90th percentile). Trajectories skipped by a run are left out of its row (counted).
"""
import json
import os
import sys

import h5py
import numpy as np


def states(path):
    if path.endswith(".npy"):
        return np.load(path), None
    f = h5py.File(path, "r")
    return f["state_true"][...], f


def energy(s, m, g):
    x, v = s[..., :9].reshape(*s.shape[:-1], 3, 3), s[..., 9:].reshape(*s.shape[:-1], 3, 3)
    kinetic = 0.5 * (m[:, None, :] * (v ** 2).sum(-1)).sum(-1)
    potential = 0
    for a, b in [(0, 1), (0, 2), (1, 2)]:
        r = np.linalg.norm(x[..., a, :] - x[..., b, :], axis=-1)
        potential = potential - g[:, None] * m[:, None, a] * m[:, None, b] / r
    return kinetic + potential


def row(name, s, ids, ref, ref_ids, f, evals):
    position = {k: i for i, k in enumerate(ref_ids)}
    both = [i for i, k in enumerate(ids) if k in position]  # trajectories the reference also has
    d = np.abs(s[both] - ref[[position[ids[i]] for i in both]]).max(axis=(1, 2))
    line = "| %s | %s | %d | %.2g | %.2g | %.2g |" % (name, evals, len(both), np.median(d), np.percentile(d, 90), d.max())
    if f is not None:
        m, g = f["parameters/masses"][...], f["parameters/G"][...]
        e = energy(s, m, g)
        drift = np.abs(e - e[:, :1]).max(axis=1) / np.abs(e[:, 0])
        line += " %.2g | %.2g |" % (np.median(drift), np.percentile(drift, 90))
    else:
        line += " | |"
    return line


split = sys.argv.index("--")
refs, runs = sys.argv[1:split], sys.argv[split + 1:]
ref, ref_file = states(refs[0])
ref_ids = ref_file["trajectory_id"][...] if ref_file is not None else np.arange(ref.shape[0])
print("reference: %s; %d trajectories" % (refs[0], ref.shape[0]))
print("| run | evaluations / trajectory | compared | median max abs dy | 90th pct | max | median rel. energy drift | 90th pct |")
print("|---|---:|---:|---:|---:|---:|---:|---:|")
for path in refs[1:] + runs:
    s, f = states(path)
    ids = f["trajectory_id"][...] if f is not None else np.arange(s.shape[0])
    evals = "—"
    sidecar = os.path.splitext(path)[0] + ".json"
    if os.path.exists(sidecar):
        j = json.load(open(sidecar))
        evals = "{:,.0f}".format(j["functionEvaluations"] / j["dataset"]["trajectories"])
        if j["skipped"]:
            evals += " (%d skipped: %s)" % (len(j["skipped"]), j["skipped"])
    print(row(os.path.basename(path), s, ids, ref, ref_ids, f, evals))
