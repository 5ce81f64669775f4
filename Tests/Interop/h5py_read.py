"""Reads any HDF5 file with h5py and prints its content as JSON.

Usage: python3 h5py_read.py FILE.h5

Every dataset: dtype, shape, chunks, compression, values (floats as
float.hex()); every attribute: its value (strings decoded). The interop tests
compare this with what the Swift side wrote.
"""
import json
import sys

import h5py
import numpy as np


def encode(value):
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if isinstance(value, str):
        return value
    array = np.asarray(value)
    if array.dtype.kind == "f":
        items = [float(x).hex() for x in array.ravel()]
        return items if array.ndim else items[0]
    if array.dtype.kind in "iu":
        items = [int(x) for x in array.ravel()]
        return items if array.ndim else items[0]
    if array.dtype.kind in "OSU":
        items = [x.decode("utf-8") if isinstance(x, bytes) else str(x) for x in array.ravel()]
        return items if array.ndim else items[0]
    return repr(value)


def attributes(obj):
    return {name: encode(obj.attrs[name]) for name in obj.attrs}


result = {"attributes": {}, "datasets": {}, "groups": []}
with h5py.File(sys.argv[1], "r") as f:
    result["attributes"] = attributes(f)

    def visit(name, obj):
        if isinstance(obj, h5py.Dataset):
            data = obj.asstr()[()] if obj.dtype.kind == "O" else obj[()]
            result["datasets"]["/" + name] = {
                "dtype": str(obj.dtype) if obj.dtype.kind != "O" else "string",
                "shape": list(obj.shape),
                "chunks": list(obj.chunks) if obj.chunks else None,
                "compression": obj.compression,
                "values": encode(data),
                "attributes": attributes(obj),
            }
        else:
            result["groups"].append("/" + name)

    f.visititems(visit)
print(json.dumps(result, ensure_ascii=False))
