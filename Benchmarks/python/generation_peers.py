"""Dataset-generation peers (issue 4): REBOUND IAS15 and diffrax Dopri8 (jax.vmap, CPU) on the
same random three-body systems and the same sample times as `orrery generate three-body`.

Initial conditions, masses and sample times are read from Orrery's reference file (an HDF5
dataset written by `orrery generate`, schema v1: /initial_state (B, 18), /parameters/masses
(B, 3), /t (B, N)), so every side integrates exactly the same 1000 systems.

    python generation_peers.py OUT_DIR     # reads OUT_DIR/reference.h5, writes OUT_DIR/peers.json

Per peer: wall time for the whole batch, trajectories per second, steps, and the states at the
sample times (OUT_DIR/<peer>.npy, (B, N, 18)) for the deviation tables in generation_compare.py.
"""
import json
import os
import sys
import time

os.environ.setdefault("XLA_PYTHON_CLIENT_PREALLOCATE", "false")

import h5py
import numpy as np
import rebound

IAS15_EPSILON = 1e-9  # REBOUND's default
DIFFRAX_TOL = 1e-10   # the setting: Dopri8, rtol = atol = 1e-10


def load(out_dir):
    with h5py.File(os.path.join(out_dir, "reference.h5"), "r") as f:
        y0 = f["initial_state"][:]
        masses = f["parameters/masses"][:]
        times = f["t"][:]
        g = float(f["parameters/G"][0]) if "parameters/G" in f else 1.0
    return y0, masses, times, g


def run_ias15(y0, masses, times, g):
    b, n = times.shape
    states = np.empty((b, n, 18))
    steps = np.empty(b, dtype=np.int64)
    xyz, vxyz = np.empty((3, 3)), np.empty((3, 3))
    start = time.perf_counter()
    for k in range(b):
        sim = rebound.Simulation()
        sim.G = g
        for i in range(3):
            sim.add(m=masses[k, i], x=y0[k, 3 * i], y=y0[k, 3 * i + 1], z=y0[k, 3 * i + 2],
                    vx=y0[k, 9 + 3 * i], vy=y0[k, 10 + 3 * i], vz=y0[k, 11 + 3 * i])
        sim.integrator = "ias15"
        sim.integrator.epsilon = IAS15_EPSILON
        for j, t in enumerate(times[k]):
            sim.integrate(t)  # exact_finish_time = 1 (default): lands on every sample time
            sim.serialize_particle_data(xyz=xyz, vxvyvz=vxyz)
            states[k, j, :9], states[k, j, 9:] = xyz.ravel(), vxyz.ravel()
        steps[k] = sim.steps_done
    seconds = time.perf_counter() - start
    return dict(method="REBOUND IAS15", setting=f"epsilon={IAS15_EPSILON:g} (default), sim.integrate per sample time",
                seconds=seconds, trajectories_per_second=b / seconds, steps=int(steps.sum()),
                threads="1 (REBOUND is single-threaded)"), states


def run_diffrax(y0, masses, times, g):
    import jax
    jax.config.update("jax_enable_x64", True)
    import diffrax
    import jax.numpy as jnp

    def field(t, y, m):
        r = y[:9].reshape(3, 3)
        d = r[None, :, :] - r[:, None, :]                    # d[i, j] = r_j − r_i
        s2 = jnp.sum(d * d, axis=-1) + jnp.eye(3)           # eye: no self-interaction (d = 0 there)
        inv3 = g / (s2 * jnp.sqrt(s2)) * (1 - jnp.eye(3))
        a = jnp.sum((m[None, :] * inv3)[:, :, None] * d, axis=1)
        return jnp.concatenate([y[9:], a.ravel()])

    def solve_one(y, m, ts):
        sol = diffrax.diffeqsolve(
            diffrax.ODETerm(field), diffrax.Dopri8(), t0=0.0, t1=ts[-1], dt0=None, y0=y, args=m,
            saveat=diffrax.SaveAt(ts=ts),
            stepsize_controller=diffrax.PIDController(rtol=DIFFRAX_TOL, atol=DIFFRAX_TOL),
            max_steps=200_000, throw=False)  # a lane that fails (near-collision) must not abort the batch
        return sol.ys, sol.stats["num_steps"], sol.stats["num_rejected_steps"]

    batched = jax.jit(jax.vmap(solve_one))
    args = (jnp.asarray(y0), jnp.asarray(masses), jnp.asarray(times))
    start = time.perf_counter()
    jax.block_until_ready(batched(*args))
    first = time.perf_counter() - start
    start = time.perf_counter()
    ys, steps, rejected = jax.block_until_ready(batched(*args))
    seconds = time.perf_counter() - start
    b = times.shape[0]
    return dict(method="diffrax Dopri8", setting=f"rtol=atol={DIFFRAX_TOL:g}, PIDController, jit(vmap) over the batch, CPU",
                seconds=seconds, first_call_seconds=first, trajectories_per_second=b / seconds,
                steps=int(np.asarray(steps).sum()), rejected_steps=int(np.asarray(rejected).sum()),
                failed=int((~np.isfinite(np.asarray(ys))).any(axis=(1, 2)).sum()),  # unreached save times are inf
                threads=f"XLA CPU ({os.cpu_count()} cores visible)",
                device=str(jax.devices()[0])), np.asarray(ys)


def main(out_dir):
    y0, masses, times, g = load(out_dir)
    import diffrax, equinox, jax  # noqa: E401  (versions only)
    versions = dict(python=sys.version.split()[0], numpy=np.__version__, rebound=rebound.__version__,
                    jax=jax.__version__, diffrax=diffrax.__version__, equinox=equinox.__version__)
    results = {}
    only = os.environ.get("PEERS", "ias15,diffrax").split(",")
    for name, runner in (("ias15", run_ias15), ("diffrax", run_diffrax)):
        if name not in only:
            continue
        print(f"== {name} on {times.shape[0]} trajectories", file=sys.stderr)
        try:
            record, states = runner(y0, masses, times, g)
        except Exception as error:  # report, don't hide: the table says why a peer is missing
            results[name] = dict(error=f"{type(error).__name__}: {error}")
            continue
        np.save(os.path.join(out_dir, f"{name}.npy"), states)
        results[name] = record
        print(f"   {record['seconds']:.2f} s, {record['trajectories_per_second']:.1f} trajectories/s", file=sys.stderr)
    with open(os.path.join(out_dir, "peers.json"), "w") as f:
        json.dump(dict(versions=versions, peers=results), f, indent=1)


if __name__ == "__main__":
    main(sys.argv[1])
