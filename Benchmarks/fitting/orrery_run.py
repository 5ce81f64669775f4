"""Runs one `orrery fit` and prints a JSON line in the peers' format.

    python orrery_run.py ORRERY_BINARY WORKLOAD LABEL FIT.h5 -- fit arguments …

Wall time: the whole process (start-up, reading the data, the fit, writing the fit file), measured here.
Per-iteration time: the fit's own clock (its history's last time stamp, or `--json` seconds when the file has no stamps) over the iterations run.
Mass error: the fit's best parameters (the plateau rule's), as `orrery fit --json` reports them.
"""
import json
import subprocess
import sys
import time

import h5py
import numpy as np

binary, workload, label, fit_file = sys.argv[1:5]
arguments = sys.argv[sys.argv.index("--") + 1:]
command = [binary, "fit", *arguments, "--output", fit_file, "--json"]
start = time.perf_counter()
completed = subprocess.run(command, capture_output=True, text=True)
wall = time.perf_counter() - start
if completed.returncode != 0:
    sys.exit(f"orrery fit failed ({completed.returncode}): {completed.stderr[-2000:]}")
summary = json.loads(completed.stdout)
fit = h5py.File(fit_file, "r")
losses = fit["history/loss"][:].tolist()
# Fit files no longer store wall-clock stamps (same command, same bytes): then the fit's own --json seconds.
stamps = fit["history/seconds"][:].tolist() if "history/seconds" in fit else None
record = dict(side=label, workload=workload, command="orrery " + " ".join(command[1:]), status=summary["status"],
              iterations=summary["iterations"], losses=losses, seconds=stamps or [summary["seconds"]], finalLoss=losses[-1],
              bestLoss=float(fit.attrs["best_validation_loss"]), bestIteration=int(fit.attrs["best_iteration"]),
              wallSeconds=wall, fitSeconds=summary["seconds"], secondsPerIteration=(stamps[-1] if stamps else summary["seconds"]) / len(losses),
              functionEvaluationsPerIteration=summary["functionEvaluations"] / len(losses),
              gradient=str(fit.attrs["gradient"]), threads=int(arguments[arguments.index("--threads") + 1])
              if "--threads" in arguments else None)
for attribute in ("batching", "observation_mode"):
    if attribute in fit.attrs:
        record[attribute] = str(fit.attrs[attribute])
masses = [p for p in summary["parameters"] if p["name"] == "masses"]
if masses:
    record["masses"] = masses[0]["values"]
    record["massRelativeError"] = masses[0]["relativeError"]
print(json.dumps(record))
