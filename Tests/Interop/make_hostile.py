"""Writes hand-built hostile HDF5 files into a folder (argument 1), one per defect class.

Each file is a small schema-v1-like dataset with one thing wrong: an empty
(null-dataspace) attribute, huge declared dimensions, zero samples, cyclic groups,
a self-referencing or source-less virtual dataset, external raw storage (pointing
at a "secret" file), or an external link.
"""
import os
import shutil
import sys

import h5py
import numpy as np

folder = sys.argv[1]
os.chdir(folder)


def base(name, b=2, n=5, d=2):
    with h5py.File(name, "w") as f:
        f["t"] = np.tile(np.arange(n, dtype="f8"), (b, 1))
        f["state"] = np.random.default_rng(0).normal(size=(b, n, d))
        f.attrs["schema_version"] = 1
        f.attrs["system"] = "spiral"


base("ok.h5")
shutil.copy("ok.h5", "null-attribute.h5")
with h5py.File("null-attribute.h5", "a") as f:
    f.attrs["empty"] = h5py.Empty("f8")
    f["t"].attrs["empty"] = h5py.Empty("f8")
with h5py.File("huge-mismatch.h5", "w") as f:
    f.create_dataset("t", shape=(4, 10**8), dtype="f8", chunks=(1, 1000))
    f.create_dataset("state", shape=(4, 10, 2), dtype="f8")
with h5py.File("huge.h5", "w") as f:
    f.create_dataset("t", shape=(10**9, 10**9), dtype="f8", chunks=(1, 1000))
    f.create_dataset("state", shape=(10**9, 10**9, 2), dtype="f8", chunks=(1, 1, 2))
with h5py.File("zero-samples.h5", "w") as f:
    f["t"] = np.zeros((3, 0))
    f["state"] = np.zeros((3, 0, 2))
    f["sim/t"] = np.zeros((0,))
    f["sim/y"] = np.zeros((0, 2))
shutil.copy("ok.h5", "cyclic.h5")
with h5py.File("cyclic.h5", "a") as f:
    f["g/loop"] = h5py.SoftLink("/")
    f["g/h/up"] = f["g"]
with h5py.File("virtual-self.h5", "w") as f:
    layout = h5py.VirtualLayout(shape=(2, 5), dtype="f8")
    layout[:] = h5py.VirtualSource(".", "t", shape=(2, 5))
    f.create_virtual_dataset("t", layout)
    f["state"] = np.zeros((2, 5, 2))
with h5py.File("virtual-missing.h5", "w") as f:
    layout = h5py.VirtualLayout(shape=(2, 5), dtype="f8")
    layout[:] = h5py.VirtualSource("gone.h5", "t", shape=(2, 5))
    f.create_virtual_dataset("t", layout, fillvalue=0)
    f["state"] = np.zeros((2, 5, 2))
with open("secret.txt", "wb") as s:
    s.write(b"SECRET-7-" * 40)
with h5py.File("external-storage.h5", "w") as f:
    f.create_dataset("t", shape=(2, 5), dtype="f8", external=[("secret.txt", 0, 80)])
    f["state"] = np.zeros((2, 5, 2))
shutil.copy("ok.h5", "external-link.h5")
with h5py.File("external-link.h5", "a") as f:
    del f["t"]
    f["t"] = h5py.ExternalLink("ok.h5", "/t")
# An optional array whose link leads nowhere (as a damaged object header reads): an error, not an absence.
shutil.copy("ok.h5", "dangling-initial-state.h5")
with h5py.File("dangling-initial-state.h5", "a") as f:
    f["initial_state"] = h5py.SoftLink("/nowhere")
# A parameter that lives in another file: refused like the root's arrays, not taken as absent.
shutil.copy("ok.h5", "external-parameter.h5")
with h5py.File("external-parameter.h5", "a") as f:
    f["parameters/masses"] = h5py.ExternalLink("ok.h5", "/state")
