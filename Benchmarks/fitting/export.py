"""Writes an Orrery dataset (and, for the neural ODE, the initial MLP parameters) as JSON for the peers.

    python export.py masses DATA.h5 OUT.json
    python export.py spiral DATA.h5 INIT_FIT.h5 OUT.json   (INIT_FIT.h5: `orrery fit --iterations 0`)

Both sides then fit exactly the same numbers: observation times, noisy observations, initial states
(t0 = 0, noise-free, not learned), G and the true masses; for the MLP, Orrery's Glorot-uniform
initialisation in torch.nn.Linear's layout (weight out × in row-major, then bias).
"""
import json
import sys

import h5py
import numpy as np

kind = sys.argv[1]
data = h5py.File(sys.argv[2], "r")
out = dict(kind=kind, file=sys.argv[2], command=str(data.attrs["command"]),
           t0=0.0, times=data["t"][:].tolist(), initialState=data["initial_state"][:].tolist())
if kind == "masses":
    out["observed"] = data["state"][0, :, :9].tolist()            # positions only (x1 … z3)
    out["masses"] = data["parameters/masses"][0].tolist()
    out["G"] = float(data["parameters/G"][0])
else:
    out["observed"] = data["state"][:].tolist()
    fit = h5py.File(sys.argv[3], "r")
    group = fit["model/parameters"]
    layers = sorted({name.split(".")[1] for name in group}, key=int)
    out["layers"] = [dict(weight=group[f"layers.{l}.weight"][:].tolist(), bias=group[f"layers.{l}.bias"][:].tolist())
                     for l in layers]
json.dump(out, open(sys.argv[-1], "w"))
