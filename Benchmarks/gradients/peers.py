"""The issue-5 gradient workload on the Python peers' side (float64, CPU).

    python peers.py WORKLOAD.json METHOD TOL [seconds]

METHOD: torchdiffeq-odeint | torchdiffeq-adjoint | tdep-aca | tdep-mali | diffrax-recursive | diffrax-backsolve.
Prints one JSON line: median seconds per gradient after a warm-up (jax: compile excluded), function
evaluations, max-RSS increase of the first gradient, and the relative error of [dL/dmasses, dL/dy0]
against the reference gradient in the workload file (Orrery's ACA through DOP853 at 1e-13).
Each method runs in its own process (run.sh), so memory figures do not mix.
"""
import json
import resource
import sys
import time
from importlib.metadata import version

import numpy as np

workload = json.load(open(sys.argv[1]))
method = sys.argv[2]
tol = float(sys.argv[3])
budget = float(sys.argv[4]) if len(sys.argv) > 4 else 2.0

times = np.array(workload["times"])              # 50 observation times 0.1 … 5.0
observed = np.array(workload["observedPositions"]).reshape(len(times), 9)
y0 = np.array(workload["initialState"])
masses = np.array(workload["masses"])
G = workload["G"]
reference = np.array(workload["referenceGradient"])


def max_rss():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def measure(gradient):
    """gradient() -> (loss, grad[21], info dict). Warm-up once (memory), then repeat within the budget."""
    before = max_rss()
    loss, grad, info = gradient()
    rss = max_rss() - before
    samples = []
    start = time.perf_counter()
    while len(samples) < 3 or (time.perf_counter() - start < budget and len(samples) < 10000):
        t = time.perf_counter()
        loss, grad, info = gradient()
        samples.append(time.perf_counter() - t)
    grad = np.asarray(grad, dtype=np.float64)
    error = float(np.linalg.norm(grad - reference) / np.linalg.norm(reference))
    return dict(secondsPerGradient=float(np.median(samples)), repeats=len(samples), loss=float(loss),
                maxRSSIncreaseBytes=int(rss), relativeError=error, gradient=grad.tolist(), **info)


def torch_setup():
    import torch
    torch.set_default_dtype(torch.float64)
    torch.set_num_threads(1)

    class NBody(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.masses = torch.nn.Parameter(torch.tensor(masses))
            self.eye = torch.eye(3)
            self.calls = 0

        def forward(self, t, y):
            self.calls += 1
            r, v = y[:9].reshape(3, 3), y[9:]
            d = r[None, :, :] - r[:, None, :]          # d[i, j] = r_j − r_i
            s2 = (d * d).sum(-1) + self.eye
            inv3 = (1 - self.eye) / (s2 * torch.sqrt(s2))
            a = G * (self.masses[None, :, None] * d * inv3[:, :, None]).sum(1)
            return torch.cat([v, a.reshape(9)])

    return torch, NBody()


def run_torchdiffeq(adjoint):
    torch, field = torch_setup()
    import torchdiffeq
    t = torch.tensor(np.concatenate([[0.0], times]))
    target = torch.tensor(observed)

    def gradient():
        field.zero_grad()
        start = torch.tensor(y0, requires_grad=True)
        field.calls = 0
        if adjoint:
            ys = torchdiffeq.odeint_adjoint(field, start, t, rtol=tol, atol=tol, method="dopri5",
                                            adjoint_rtol=tol, adjoint_atol=tol)
        else:
            ys = torchdiffeq.odeint(field, start, t, rtol=tol, atol=tol, method="dopri5")
        loss = ((ys[1:, :9] - target) ** 2).mean()
        forward = field.calls
        loss.backward()
        grad = np.concatenate([field.masses.grad.numpy(), start.grad.numpy()])
        return loss.item(), grad, dict(forwardEvaluations=forward, backwardEvaluations=field.calls - forward)

    return measure(gradient), dict(torch=version("torch"), torchdiffeq=version("torchdiffeq"))


def run_tdep_aca():
    torch, field = torch_setup()
    from TorchDiffEqPack import odesolve_adjoint
    target = torch.tensor(observed)
    grid = np.concatenate([[0.0], times])

    def gradient():
        # One call per observation interval: TorchDiffEqPack returns only the end state of a call
        # (its in-call outputs are linearly interpolated) and keeps t0 in float32.
        field.zero_grad()
        start = torch.tensor(y0, requires_grad=True)
        field.calls = 0
        z, predictions = start, []
        for k in range(len(times)):
            options = dict(method="dopri5", h=None, t0=float(grid[k]), t1=float(grid[k + 1]), rtol=tol, atol=tol,
                           print_neval=False, neval_max=1_000_000, t_eval=None)
            z = odesolve_adjoint(field, z, options=options)
            predictions.append(z[:9])
        loss = ((torch.stack(predictions) - target) ** 2).mean()
        forward = field.calls
        loss.backward()
        grad = np.concatenate([field.masses.grad.numpy(), start.grad.numpy()])
        return loss.item(), grad, dict(forwardEvaluations=forward, backwardEvaluations=field.calls - forward)

    return measure(gradient), dict(torch=version("torch"), TorchDiffEqPack=version("TorchDiffEqPack"))


def run_tdep_mali():
    """TorchDiffEqPack's MALI (odesolve_adjoint_sym12 with the adaptive sym12async ALF solver)."""
    torch, field = torch_setup()
    from TorchDiffEqPack import odesolve_adjoint_sym12
    target = torch.tensor(observed)
    grid = np.concatenate([[0.0], times])

    def gradient():
        # One call per observation interval, as for tdep-aca: a call returns only its end state.
        # Each call restarts ALF with v = f(t_k, z_k) (Orrery's MALI carries v across observations).
        field.zero_grad()
        start = torch.tensor(y0, requires_grad=True)
        field.calls = 0
        z, predictions = start, []
        for k in range(len(times)):
            options = dict(method="sym12async", h=None, t0=float(grid[k]), t1=float(grid[k + 1]), rtol=tol, atol=tol,
                           print_neval=False, neval_max=1_000_000, t_eval=None)
            z = odesolve_adjoint_sym12(field, z, options=options)
            predictions.append(z[:9])
        loss = ((torch.stack(predictions) - target) ** 2).mean()
        forward = field.calls
        loss.backward()
        grad = np.concatenate([field.masses.grad.numpy(), start.grad.numpy()])
        return loss.item(), grad, dict(forwardEvaluations=forward, backwardEvaluations=field.calls - forward)

    return measure(gradient), dict(torch=version("torch"), TorchDiffEqPack=version("TorchDiffEqPack"))


def run_diffrax(adjoint_name):
    import jax
    jax.config.update("jax_enable_x64", True)
    import jax.numpy as jnp
    import diffrax

    eye = jnp.eye(3)

    def field(t, y, m):
        r, v = y[:9].reshape(3, 3), y[9:]
        d = r[None, :, :] - r[:, None, :]
        s2 = (d * d).sum(-1) + eye
        inv3 = (1 - eye) / (s2 * jnp.sqrt(s2))
        a = G * (m[None, :, None] * d * inv3[:, :, None]).sum(1)
        return jnp.concatenate([v, a.reshape(9)])

    adjoint = diffrax.RecursiveCheckpointAdjoint() if adjoint_name == "recursive" else diffrax.BacksolveAdjoint()
    target = jnp.asarray(observed)
    ts = jnp.asarray(times)

    def loss(m, start):
        solution = diffrax.diffeqsolve(
            diffrax.ODETerm(field), diffrax.Dopri5(), t0=0.0, t1=float(times[-1]), dt0=None, y0=start, args=m,
            saveat=diffrax.SaveAt(ts=ts), stepsize_controller=diffrax.PIDController(rtol=tol, atol=tol),
            adjoint=adjoint, max_steps=100_000)
        value = jnp.mean((solution.ys[:, :9] - target) ** 2)
        return value, (solution.stats["num_steps"], solution.stats["num_accepted_steps"], solution.stats["num_rejected_steps"])

    arguments = (jnp.asarray(masses), jnp.asarray(y0))
    start = time.perf_counter()
    compiled = jax.jit(jax.value_and_grad(loss, argnums=(0, 1), has_aux=True)).lower(*arguments).compile()
    compile_seconds = time.perf_counter() - start

    def gradient():
        (value, (steps, accepted, rejected)), (gm, gy) = compiled(*arguments)
        gm.block_until_ready()
        grad = np.concatenate([np.asarray(gm), np.asarray(gy)])
        # Dopri5 is FSAL: 6 new evaluations per step (the initial-step rule adds 2).
        return float(value), grad, dict(acceptedSteps=int(accepted), rejectedSteps=int(rejected),
                                        forwardEvaluations=6 * int(steps) + 2, forwardEvaluationsEstimated=True)

    result = measure(gradient)
    result["compileSeconds"] = compile_seconds
    return result, dict(jax=version("jax"), diffrax=version("diffrax"), equinox=version("equinox"))


if method == "torchdiffeq-odeint":
    result, versions = run_torchdiffeq(adjoint=False)
elif method == "torchdiffeq-adjoint":
    result, versions = run_torchdiffeq(adjoint=True)
elif method == "tdep-aca":
    result, versions = run_tdep_aca()
elif method == "tdep-mali":
    result, versions = run_tdep_mali()
elif method == "diffrax-recursive":
    result, versions = run_diffrax("recursive")
elif method == "diffrax-backsolve":
    result, versions = run_diffrax("backsolve")
else:
    sys.exit(f"unknown method {method}")
result.update(library=method.split("-")[0], method=method, tolerance=tol, versions=versions)
print(json.dumps(result))
