"""Writes a schema-v1 dataset with h5py, plus a JSON manifest of every value.

Usage: python3 h5py_write.py OUT.h5 OUT.json

Floats go into the manifest as float.hex() so the Swift side can compare bit
for bit (NaN included). Used by the interop tests: Swift must read exactly this.
"""
import json
import sys

import h5py
import numpy as np

out_h5, out_json = sys.argv[1], sys.argv[2]
rng = np.random.default_rng(12345)
B, N, D = 3, 7, 6
t = np.sort(rng.uniform(0.0, 5.0, size=(B, N)), axis=1)
state_true = rng.normal(size=(B, N, D))
state = state_true + 0.01 * rng.normal(size=(B, N, D))
mask = (rng.uniform(size=(B, N, D)) > 0.2).astype(np.uint8)
state[mask == 0] = np.nan
initial = state_true[:, 0, :].copy()
masses = rng.uniform(0.9, 1.1, size=(B, 3))
counts = np.arange(B * 4, dtype=np.int32).reshape(B, 4) - 5

with h5py.File(out_h5, "w") as f:
    f.attrs["schema_version"] = np.int64(1)
    f.attrs["kind"] = "dataset"
    f.attrs["system"] = "three-body"
    f.attrs["state_labels"] = np.array(["x1", "y1", "z1", "x2", "y2", "z2"], dtype=h5py.string_dtype())
    f.attrs["G"] = 1.0
    f.attrs["rtol"] = 1e-13
    f.attrs["seed"] = np.int64(7)
    f.attrs["fixed_note"] = np.bytes_("fixed-length ascii")
    f.attrs["unicode_note"] = "Δt ≥ 0 — ünïcode"
    f.create_dataset("t", data=t, chunks=(1, N), compression="gzip", compression_opts=4, shuffle=True)
    f.create_dataset("state", data=state, chunks=(1, N, D), compression="gzip", compression_opts=4, shuffle=True)
    f.create_dataset("state_true", data=state_true, chunks=(1, N, D), compression="gzip")
    f.create_dataset("mask", data=mask, chunks=(1, N, D), compression="gzip")
    f.create_dataset("initial_state", data=initial)
    f.create_dataset("trajectory_id", data=np.arange(B, dtype=np.int64))
    f.create_dataset("counts", data=counts)
    g = f.create_group("parameters")
    g.create_dataset("masses", data=masses)


def hexes(a):
    return [float(x).hex() for x in np.asarray(a, dtype=np.float64).ravel()]


manifest = {
    "shape": [B, N, D],
    "t": hexes(t),
    "state": hexes(state),
    "state_true": hexes(state_true),
    "mask": mask.ravel().tolist(),
    "initial_state": hexes(initial),
    "masses": hexes(masses),
    "counts": counts.ravel().tolist(),
    "unicode_note": "Δt ≥ 0 — ünïcode",
}
with open(out_json, "w", encoding="utf-8") as f:
    json.dump(manifest, f, ensure_ascii=False)
