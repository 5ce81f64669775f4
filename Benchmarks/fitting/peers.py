"""The issue-7 fitting workloads on the Python peers' side (float64, CPU).

    python peers.py masses DATA.json PEER [max_seconds]     PEER: tdep-aca | diffrax
    python peers.py spiral DATA.json PEER [max_seconds]     PEER: torchdiffeq-odeint | torchdiffeq-adjoint | tdep-aca | diffrax | diffrax-batched

Prints one JSON line. The plateau rule and the loss are those of `orrery fit` (see `Plateau`); a run that
would pass `max_seconds` stops early and says so (`capped`), its per-iteration time still measured.
Wall time starts after the imports and the data are loaded; for diffrax it includes jit compilation.
"""
import json
import math
import os
import sys
import time
from importlib.metadata import version

import numpy as np

workload, data_path, peer = sys.argv[1], sys.argv[2], sys.argv[3]
max_seconds = float(sys.argv[4]) if len(sys.argv) > 4 else 1e9
data = json.load(open(data_path))
THREADS = 2  # the machine's cores; `orrery fit` uses all cores by default

MASSES = dict(iterations=300, patience=50, lr=1e-2, rtol=1e-7, atol=1e-9)
SPIRAL = dict(iterations=int(os.environ.get("SPIRAL_ITERATIONS", 200)), patience=None, lr=1e-2, rtol=1e-6, atol=1e-8)


class Plateau:
    """`orrery fit --validate-every 1 --patience P` without a validation set, re-implemented: at every iteration
    the training loss of the current parameters (before the step) counts as an improvement when it is below
    best·(1 − 1e-6); the fit stops once P iterations in a row bring none, and reports the best parameters."""

    def __init__(self, patience):
        self.patience, self.best, self.best_iteration, self.best_params, self.stale = patience, math.inf, -1, None, 0

    def update(self, iteration, loss, params):
        if loss < self.best * (1 - 1e-6) or (math.isinf(self.best) and math.isfinite(loss)):
            self.best, self.best_iteration, self.best_params, self.stale = loss, iteration, params, 0
        else:
            self.stale += 1
        return self.patience is not None and self.stale >= self.patience


def train(settings, step, params_of, start):
    """step() -> loss of the current parameters, after taking one optimizer step. Returns the run's record."""
    plateau = Plateau(settings["patience"])
    losses, stamps = [], []
    status = "completed"
    for iteration in range(settings["iterations"]):
        before = params_of()
        loss = step()
        losses.append(loss)
        stamps.append(time.perf_counter() - start)
        if not math.isfinite(loss):
            status = "diverged"
            break
        if plateau.update(iteration, loss, before):
            status = "early-stopped"
            break
        if stamps[-1] > max_seconds and iteration + 1 < settings["iterations"]:
            status = "capped"
            break
    return plateau, dict(status=status, iterations=len(losses), losses=losses, seconds=stamps,
                         finalLoss=losses[-1], bestLoss=plateau.best, bestIteration=plateau.best_iteration)


def torch_setup():
    import torch
    torch.set_default_dtype(torch.float64)
    torch.set_num_threads(THREADS)
    return torch


def adabelief_torch(parameters, lr):
    import contextlib
    from adabelief_pytorch import AdaBelief
    # adabelief-pytorch 0.2.1 defaults, written out: the same as `orrery fit --optimizer adabelief`.
    # (It prints its settings on stdout, which carries this script's JSON: send them to stderr.)
    with contextlib.redirect_stdout(sys.stderr):
        return AdaBelief(parameters, lr=lr, betas=(0.9, 0.999), eps=1e-16, weight_decay=0, amsgrad=False,
                         weight_decouple=True, fixed_decay=False, rectify=True, degenerated_to_sgd=True,
                         print_change_log=False)


def adabelief_optax(lr):
    import optax
    # optax 0.2.8 defaults written out: eps 1e-16 (after the root), eps_root 1e-16 (inside the moving average,
    # as adabelief-pytorch's in-place add), no rectification, no weight decay.
    return optax.adabelief(lr, b1=0.9, b2=0.999, eps=1e-16, eps_root=1e-16)


def tdep_interval(field, z, t0, t1, rtol, atol):
    from TorchDiffEqPack import odesolve_adjoint
    # One call per observation interval: odesolve_adjoint returns only the end state (t_eval must be None)
    # and casts t0 to float32 (see Benchmarks/results/gradients.md).
    options = dict(method="dopri5", h=None, t0=float(t0), t1=float(t1), rtol=rtol, atol=atol,
                   print_neval=False, neval_max=1_000_000, t_eval=None)
    return odesolve_adjoint(field, z, options=options)


# ---------------------------------------------------------------------------------------------- masses

def masses_run():
    s = MASSES
    times = np.array(data["times"][0])
    observed = np.array(data["observed"])           # (100, 9)
    y0 = np.array(data["initialState"][0])
    G, truth = data["G"], np.array(data["masses"])

    if peer == "tdep-aca":
        torch = torch_setup()
        start = time.perf_counter()

        class NBody(torch.nn.Module):
            def __init__(self):
                super().__init__()
                self.masses = torch.nn.Parameter(torch.ones(3))
                self.eye = torch.eye(3)

            def forward(self, t, y):
                r, v = y[:9].reshape(3, 3), y[9:]
                d = r[None, :, :] - r[:, None, :]
                s2 = (d * d).sum(-1) + self.eye
                inv3 = (1 - self.eye) / (s2 * torch.sqrt(s2))
                a = G * (self.masses[None, :, None] * d * inv3[:, :, None]).sum(1)
                return torch.cat([v, a.reshape(9)])

        field = NBody()
        optimizer = adabelief_torch(field.parameters(), s["lr"])
        target = torch.tensor(observed)
        grid = np.concatenate([[data["t0"]], times])

        def step():
            optimizer.zero_grad()
            z, predictions = torch.tensor(y0), []
            for k in range(len(times)):
                z = tdep_interval(field, z, grid[k], grid[k + 1], s["rtol"], s["atol"])
                predictions.append(z[:9])
            loss = ((torch.stack(predictions) - target) ** 2).mean()
            loss.backward()
            optimizer.step()
            return loss.item()

        plateau, record = train(s, step, lambda: field.masses.detach().numpy().copy(), start)
        versions = dict(torch=version("torch"), TorchDiffEqPack=version("TorchDiffEqPack"),
                        **{"adabelief-pytorch": version("adabelief-pytorch")})
    elif peer == "diffrax":
        import jax
        jax.config.update("jax_enable_x64", True)
        import jax.numpy as jnp
        import diffrax
        import optax
        start = time.perf_counter()
        eye = jnp.eye(3)

        def field(t, y, m):
            r, v = y[:9].reshape(3, 3), y[9:]
            d = r[None, :, :] - r[:, None, :]
            s2 = (d * d).sum(-1) + eye
            inv3 = (1 - eye) / (s2 * jnp.sqrt(s2))
            a = G * (m[None, :, None] * d * inv3[:, :, None]).sum(1)
            return jnp.concatenate([v, a.reshape(9)])

        ts, target, start_state = jnp.asarray(times), jnp.asarray(observed), jnp.asarray(y0)

        def loss_fn(m):
            solution = diffrax.diffeqsolve(
                diffrax.ODETerm(field), diffrax.Dopri5(), t0=data["t0"], t1=float(times[-1]), dt0=None, y0=start_state,
                args=m, saveat=diffrax.SaveAt(ts=ts),
                stepsize_controller=diffrax.PIDController(rtol=s["rtol"], atol=s["atol"]), max_steps=16384)
            return jnp.mean((solution.ys[:, :9] - target) ** 2)

        optimizer = adabelief_optax(s["lr"])

        @jax.jit
        def jstep(m, state):
            loss, g = jax.value_and_grad(loss_fn)(m)
            updates, state = optimizer.update(g, state, m)
            return loss, optax.apply_updates(m, updates), state

        holder = dict(m=jnp.ones(3))
        holder["state"] = optimizer.init(holder["m"])
        compiled = jstep.lower(holder["m"], holder["state"]).compile()
        compile_seconds = time.perf_counter() - start

        def step():
            loss, holder["m"], holder["state"] = compiled(holder["m"], holder["state"])
            return float(loss)

        plateau, record = train(s, step, lambda: np.asarray(holder["m"]), start)
        record["compileSeconds"] = compile_seconds
        versions = dict(jax=version("jax"), diffrax=version("diffrax"), optax=version("optax"))
    else:
        sys.exit(f"unknown peer {peer}")
    record["masses"] = np.asarray(plateau.best_params).tolist()
    record["massRelativeError"] = (np.abs(np.asarray(plateau.best_params) - truth) / truth).tolist()
    record["wallSeconds"] = record["seconds"][-1]
    return record, versions


# ---------------------------------------------------------------------------------------------- spiral

def spiral_run():
    s = SPIRAL
    times = np.array(data["times"])                  # (64, 100)
    observed = np.array(data["observed"])            # (64, 100, 2)
    y0 = np.array(data["initialState"])              # (64, 2)
    layers = [(np.array(l["weight"]).reshape(len(l["bias"]), -1), np.array(l["bias"])) for l in data["layers"]]
    B, N = times.shape
    # The peers' usual batching: one solve of the (64, 2) batch over the merged, sorted observation times.
    merged, inverse = np.unique(times.reshape(-1), return_inverse=True)
    rows = inverse.reshape(B, N)

    if peer in ("torchdiffeq-odeint", "torchdiffeq-adjoint", "tdep-aca"):
        torch = torch_setup()
        start = time.perf_counter()

        class MLP(torch.nn.Module):
            def __init__(self):
                super().__init__()
                self.linears = torch.nn.ModuleList()
                for w, b in layers:
                    linear = torch.nn.Linear(w.shape[1], w.shape[0])
                    with torch.no_grad():
                        linear.weight.copy_(torch.tensor(w))
                        linear.bias.copy_(torch.tensor(b))
                    self.linears.append(linear)

            def forward(self, t, y):
                for linear in self.linears[:-1]:
                    y = torch.tanh(linear(y))
                return self.linears[-1](y)

        field = MLP()
        optimizer = adabelief_torch(field.parameters(), s["lr"])
        target = torch.tensor(observed)
        start_state = torch.tensor(y0)
        grid = torch.tensor(np.concatenate([[data["t0"]], merged]))
        index_rows = torch.tensor(rows + 1)
        index_cols = torch.arange(B)[:, None].expand(B, N)

        def predict():
            if peer == "tdep-aca":
                z, outputs = start_state, [start_state]
                for k in range(len(merged)):
                    z = tdep_interval(field, z, grid[k].item(), grid[k + 1].item(), s["rtol"], s["atol"])
                    outputs.append(z)
                return torch.stack(outputs)
            import torchdiffeq
            if peer == "torchdiffeq-adjoint":
                return torchdiffeq.odeint_adjoint(field, start_state, grid, rtol=s["rtol"], atol=s["atol"], method="dopri5")
            return torchdiffeq.odeint(field, start_state, grid, rtol=s["rtol"], atol=s["atol"], method="dopri5")

        def step():
            optimizer.zero_grad()
            ys = predict()                                    # (len(grid), 64, 2)
            loss = ((ys[index_rows, index_cols] - target) ** 2).mean()
            loss.backward()
            optimizer.step()
            return loss.item()

        plateau, record = train(s, step, lambda: None, start)
        versions = dict(torch=version("torch"), torchdiffeq=version("torchdiffeq"),
                        TorchDiffEqPack=version("TorchDiffEqPack"), **{"adabelief-pytorch": version("adabelief-pytorch")})
        record["batching"] = ("one (64, 2) solve over the %d merged observation times, steps shared; %s" %
                              (len(merged), "one odesolve_adjoint call per merged interval" if peer == "tdep-aca"
                               else "outputs from the dopri5 interpolant"))
    elif peer == "diffrax-batched":
        # Trajectories on ONE shared time grid (Benchmarks/spiral): one solve of the (64, 2) batch, one step-size
        # sequence, outputs at the shared times from SaveAt(ts) — diffrax's own batched idiom.
        import jax
        jax.config.update("jax_enable_x64", True)
        import jax.numpy as jnp
        import diffrax
        import optax
        if not np.all(times == times[0]):
            sys.exit("diffrax-batched needs every trajectory on the same times (Benchmarks/spiral/shared_times.py)")
        start = time.perf_counter()

        def batched_field(t, y, params):                  # y: (64, 2), rows are trajectories
            for w, b in params[:-1]:
                y = jnp.tanh(y @ w.T + b)
            w, b = params[-1]
            return y @ w.T + b

        ts, target, start_states = jnp.asarray(times[0]), jnp.asarray(observed), jnp.asarray(y0)

        def loss_fn(params):
            solution = diffrax.diffeqsolve(
                diffrax.ODETerm(batched_field), diffrax.Dopri5(), t0=data["t0"], t1=ts[-1], dt0=None, y0=start_states,
                args=params, saveat=diffrax.SaveAt(ts=ts),
                stepsize_controller=diffrax.PIDController(rtol=s["rtol"], atol=s["atol"]), max_steps=16384)
            return jnp.mean((jnp.swapaxes(solution.ys, 0, 1) - target) ** 2)

        optimizer = adabelief_optax(s["lr"])

        @jax.jit
        def jstep(params, state):
            loss, g = jax.value_and_grad(loss_fn)(params)
            updates, state = optimizer.update(g, state, params)
            return loss, optax.apply_updates(params, updates), state

        holder = dict(p=[(jnp.asarray(w), jnp.asarray(b)) for w, b in layers])
        holder["state"] = optimizer.init(holder["p"])
        compiled = jstep.lower(holder["p"], holder["state"]).compile()
        compile_seconds = time.perf_counter() - start

        def step():
            loss, holder["p"], holder["state"] = compiled(holder["p"], holder["state"])
            return float(loss)

        plateau, record = train(s, step, lambda: None, start)
        record["compileSeconds"] = compile_seconds
        record["batching"] = "one (64, 2) solve, one step-size sequence, SaveAt(ts) at the shared times"
        versions = dict(jax=version("jax"), diffrax=version("diffrax"), optax=version("optax"))
    elif peer == "diffrax":
        import jax
        jax.config.update("jax_enable_x64", True)
        import jax.numpy as jnp
        import diffrax
        import optax
        start = time.perf_counter()

        def field(t, y, params):
            for w, b in params[:-1]:
                y = jnp.tanh(w @ y + b)
            w, b = params[-1]
            return w @ y + b

        def solve_one(params, y_start, ts):
            solution = diffrax.diffeqsolve(
                diffrax.ODETerm(field), diffrax.Dopri5(), t0=data["t0"], t1=ts[-1], dt0=None, y0=y_start, args=params,
                saveat=diffrax.SaveAt(ts=ts), stepsize_controller=diffrax.PIDController(rtol=s["rtol"], atol=s["atol"]),
                max_steps=16384)
            return solution.ys

        target, start_states, all_ts = jnp.asarray(observed), jnp.asarray(y0), jnp.asarray(times)

        def loss_fn(params):
            ys = jax.vmap(solve_one, in_axes=(None, 0, 0))(params, start_states, all_ts)
            return jnp.mean((ys - target) ** 2)

        optimizer = adabelief_optax(s["lr"])

        @jax.jit
        def jstep(params, state):
            loss, g = jax.value_and_grad(loss_fn)(params)
            updates, state = optimizer.update(g, state, params)
            return loss, optax.apply_updates(params, updates), state

        holder = dict(p=[(jnp.asarray(w), jnp.asarray(b)) for w, b in layers])
        holder["state"] = optimizer.init(holder["p"])
        compiled = jstep.lower(holder["p"], holder["state"]).compile()
        compile_seconds = time.perf_counter() - start

        def step():
            loss, holder["p"], holder["state"] = compiled(holder["p"], holder["state"])
            return float(loss)

        plateau, record = train(s, step, lambda: None, start)
        record["compileSeconds"] = compile_seconds
        record["batching"] = "jax.vmap over the 64 trajectories (own step sizes and output times each)"
        versions = dict(jax=version("jax"), diffrax=version("diffrax"), optax=version("optax"))
    else:
        sys.exit(f"unknown peer {peer}")
    record["wallSeconds"] = record["seconds"][-1]
    return record, versions


record, versions = masses_run() if workload == "masses" else spiral_run()
loop = record["seconds"][-1] - record.get("compileSeconds", 0.0)
record.update(side=peer, workload=workload, versions=versions, threads=THREADS,
              secondsPerIteration=loop / record["iterations"])
print(json.dumps(record))
