"""Runs one `orrery fit` (the command as given: the default newcomer command, no tuning flags) and prints a JSON line
in the peers' format.

    python orrery_run.py ORRERY_BINARY PROBLEM DATA.h5 START FIT.h5 [--repeats N] -- fit arguments …

Only the CLI and its `--json` summary are used (status, converged, parameters [{name, values, standardErrors, …}],
finalLoss, seconds, iterations, functionEvaluations, optimizer), nothing of Orrery's internals.
Wall time: the whole process (start-up, reading the data, the fit, writing the fit file), measured here; the fit is
repeated up to N times (default 3, fewer once 10 s have been spent) and the fastest run is reported (the machine's
two cores are shared), all of them kept in `wallSecondsAll`. START: comma-separated values in the problem's
parameter order (for the record and the starting-point columns; the command itself carries them).
"""
import json
import subprocess
import sys
import time

import numpy as np

from problems import Problem, reference_loss

binary, problem_name, data, start, fit_file = sys.argv[1:6]
repeats = int(sys.argv[sys.argv.index("--repeats") + 1]) if "--repeats" in sys.argv[:sys.argv.index("--")] else 3
arguments = sys.argv[sys.argv.index("--") + 1:]
problem = Problem(problem_name, data)
command = [binary, "fit", *arguments, "--json", "--output", fit_file]
walls, summary = [], None
for _ in range(repeats):
    begin = time.perf_counter()
    completed = subprocess.run(command, capture_output=True, text=True)
    walls.append(time.perf_counter() - begin)
    if completed.returncode != 0 and not completed.stdout.strip().startswith("{"):
        sys.exit(f"orrery fit failed ({completed.returncode}): {completed.stderr[-2000:]}")
    summary = json.loads(completed.stdout)
    if sum(walls) > 10:
        break
settings = {}
try:                                            # the fit file's recorded settings (documented attributes), if present
    import h5py
    with h5py.File(fit_file, "r") as f:
        for key in ("solver", "rtol", "atol", "observation_mode"):
            if key in f.attrs:
                value = f.attrs[key]
                settings[key] = value.decode() if isinstance(value, bytes) else (str(value) if key in ("solver", "observation_mode") else float(value))
except Exception:
    pass
values = []
for entry in summary["parameters"]:
    values.extend(entry["values"])
p = np.array(values, dtype=float)
record = dict(side="Orrery (default command)", problem=problem_name, start=[float(v) for v in start.split(",")],
              command="orrery " + " ".join(command[1:]), status=summary["status"],
              converged=bool(summary.get("converged")), message=summary.get("statusReason"),
              parameters=p.tolist(), loss=summary.get("finalLoss"),
              standardErrors=[e for entry in summary["parameters"] for e in (entry.get("standardErrors") or [])],
              iterations=summary.get("iterations"), residualEvaluations=None,
              rhsEvaluations=summary.get("functionEvaluations"), optimizer=summary.get("optimizer"),
              warnings=summary.get("warnings"), settings=settings, wallSeconds=min(walls), wallSecondsAll=walls,
              fitSeconds=summary.get("seconds"), exitCode=completed.returncode,
              relativeError=(np.abs(p - problem.truth) / np.abs(problem.truth)).tolist(),
              referenceLoss=reference_loss(problem, p) if np.all(np.isfinite(p)) else None,
              versions=dict(orrery=subprocess.run([binary, "--version"], capture_output=True, text=True).stdout.strip()))
print(json.dumps(record))
