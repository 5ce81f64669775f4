import subprocess, sys, re, collections
out = subprocess.run(["perf", "report", "-i", sys.argv[1], "--no-children", "--sort", "dso,sym", "--stdio", "-g", "none"],
                     capture_output=True, text=True).stdout
cats = collections.OrderedDict((k, 0.0) for k in ["stage combination", "field (three-body)", "error norm",
    "step control (controller, pow, landing, checks)", "dense output / saves", "lane loop (copies, refill, retain/release)",
    "per-trajectory setup + completion (ICs, allocation, observation)", "HDF5 write (deflate, checksums)", "kernel / start-up / other"])
for line in out.splitlines():
    m = re.match(r"\s+([\d.]+)%\s+(\S+)\s+\[(.)\]\s+(.*)", line)
    if not m: continue
    pct, dso, kind, sym = float(m[1]), m[2], m[3], m[4]
    if "combine" in sym: c = "stage combination"
    elif "three_body" in sym or "NBodyGravity" in sym and "evaluate" in sym: c = "field (three-body)"
    elif "error_sums" in sym or "ErrorNorm" in sym: c = "error norm"
    elif "pow" in sym or "stepFactor" in sym or "prepareTrial" in sym or "concludeTrial" in sym or "firstNonFinite" in sym or "trialStep" in sym: c = "step control (controller, pow, landing, checks)"
    elif "finish" in sym or "interpolate" in sym or "Dense" in sym: c = "dense output / saves"
    elif "LaneIntegrator" in sym or sym.startswith("swift_retain") or sym.startswith("swift_release"): c = "lane loop (copies, refill, retain/release)"
    elif dso.startswith("libz") or dso.startswith("libhdf5") or "HDF5" in sym or "adler" in sym: c = "HDF5 write (deflate, checksums)"
    elif kind == "k" or dso.startswith("[kernel") or dso.startswith("ld-linux"): c = "kernel / start-up / other"
    elif any(s in sym for s in ["malloc", "free", "memmove", "memcpy", "swift_alloc", "swift_dealloc", "DatasetRecipe", "Observation", "SeededRandom", "IntegrationRun", "Solution", "Array", "ThreeBody", "Generat", "validate"]): c = "per-trajectory setup + completion (ICs, allocation, observation)"
    else: c = "kernel / start-up / other"
    cats[c] += pct
for k, v in cats.items(): print(f"| {k} | {v:.1f} % |")
