"""The Python peers of Benchmarks/leastsquares (CPU, float64). One fit per process, one JSON line on stdout.

    python peers.py PROBLEM DATA.h5 PEER START [--rtol R --atol A --solver dopri8|dopri5 --cap SECONDS]
      PROBLEM: threebody | lotka-volterra     START: comma-separated initial parameter values
      PEER: scipy      least_squares(method="lm") (MINPACK lmdif), residual Jacobian by scipy's finite differences
                       (jac="2-point", the default), solve_ivp(method="DOP853", rtol, atol, t_eval=times) inside;
            optimistix optimistix.least_squares with LevenbergMarquardt, diffrax.diffeqsolve (Dopri8 or Dopri5,
                       PIDController(rtol, atol), SaveAt(ts=times), ForwardMode adjoint) inside, the Jacobian by
                       optimistix's own forward-mode linearisation (jax.linearize, i.e. jacfwd); the whole solve is
                       jax.jit-ted and compiled ahead of time (lower().compile()), timed separately;
            reference  scipy as above at rtol = atol = 1e-12, ftol = xtol = gtol = 1e-15 (the reference optimum; untimed).
Convergence: scipy's defaults ftol = xtol = gtol = 1e-8 (those of `orrery fit`); optimistix rtol = 1e-8, atol = 1e-12
(its Cauchy test on the step and on the loss).
Wall time: from after the imports and the data load to the end of the solve — for optimistix compile + first run.
Every side's final parameters are also scored by the loss of a tight solve (problems.reference_loss).
"""
import argparse
import json
import sys
import time
from importlib.metadata import version

import numpy as np

from problems import Problem, reference_loss, residuals_scipy

parser = argparse.ArgumentParser()
parser.add_argument("problem")
parser.add_argument("data")
parser.add_argument("peer", choices=["scipy", "optimistix", "reference"])
parser.add_argument("start")
parser.add_argument("--rtol", type=float, default=1e-10)
parser.add_argument("--atol", type=float, default=1e-12)
parser.add_argument("--solver", default="dopri8")
parser.add_argument("--cap", type=float, default=300.0, help="stop a slow fit after this many seconds (status capped)")
parser.add_argument("--label", default=None)
args = parser.parse_args()
problem = Problem(args.problem, args.data)
x0 = np.array([float(v) for v in args.start.split(",")])


class Capped(Exception):
    pass


def scipy_fit(rtol, atol, tolerances):
    from scipy.optimize import least_squares
    counters = dict(nfev=0, rhs=0, failedSolves=0, best=(np.inf, x0.copy()))
    deadline = time.perf_counter() + args.cap

    def fun(p):
        if time.perf_counter() > deadline:
            raise Capped()
        try:
            r, nfev = residuals_scipy(problem, p, rtol, atol)
        except RuntimeError:                 # the solve failed (a wild trial step): a large residual, as users do,
            counters["failedSolves"] += 1    # so that LM rejects the step and shrinks its trust region
            r, nfev = np.full(problem.observed.size, 1e3), 0
        counters["nfev"] += 1
        counters["rhs"] += nfev
        loss = problem.loss(r)
        if loss < counters["best"][0]:
            counters["best"] = (loss, p.copy())
        return r

    start = time.perf_counter()
    try:
        result = least_squares(fun, x0, method="lm", jac="2-point", **tolerances)
        wall = time.perf_counter() - start
        status = "converged" if result.status in (2, 3, 4) else f"scipy status {result.status}"
        record = dict(status=status, converged=bool(result.status in (2, 3, 4)), message=result.message,
                      parameters=result.x.tolist(), loss=problem.loss(result.fun), residualEvaluations=counters["nfev"],
                      jacobianEvaluations=int(result.njev) if result.njev is not None else None)
    except Capped:
        wall = time.perf_counter() - start
        record = dict(status="capped", converged=False, message=f"stopped after {args.cap:g} s",
                      parameters=counters["best"][1].tolist(), loss=counters["best"][0],
                      residualEvaluations=counters["nfev"])
    record.update(wallSeconds=wall, rhsEvaluations=counters["rhs"], failedSolves=counters["failedSolves"])
    return record, dict(scipy=version("scipy"), numpy=version("numpy"))


def optimistix_fit():
    import jax
    jax.config.update("jax_enable_x64", True)
    import jax.numpy as jnp
    import diffrax
    import optimistix as optx

    start = time.perf_counter()
    field = problem.rhs_jax()
    ts, target, y0 = jnp.asarray(problem.times), jnp.asarray(problem.observed), jnp.asarray(problem.y0)
    components = jnp.asarray(problem.components)
    integrator = {"dopri8": diffrax.Dopri8(), "dopri5": diffrax.Dopri5()}[args.solver]

    def residuals(p, _):
        solution = diffrax.diffeqsolve(
            diffrax.ODETerm(field), integrator, t0=problem.t0, t1=float(problem.times[-1]), dt0=None, y0=y0, args=p,
            saveat=diffrax.SaveAt(ts=ts), stepsize_controller=diffrax.PIDController(rtol=args.rtol, atol=args.atol),
            adjoint=diffrax.ForwardMode(), max_steps=1_000_000)
        return (solution.ys[:, components] - target).ravel()

    solver = optx.LevenbergMarquardt(rtol=1e-8, atol=1e-12)

    @jax.jit
    def fit(p):
        solution = optx.least_squares(residuals, solver, p, max_steps=1000, throw=False)
        return solution.value, solution.result == optx.RESULTS.successful, solution.stats["num_steps"]

    p0 = jnp.asarray(x0)
    compiled = fit.lower(p0).compile()
    compile_seconds = time.perf_counter() - start
    run_start = time.perf_counter()
    value, ok, steps = jax.block_until_ready(compiled(p0))
    run_seconds = time.perf_counter() - run_start
    wall = time.perf_counter() - start
    warm_seconds = None
    if run_seconds < 5:                              # the same fit once more: the compiled call alone, warm
        again = time.perf_counter()
        jax.block_until_ready(compiled(p0))
        warm_seconds = time.perf_counter() - again
    p = np.asarray(value)
    r = np.asarray(residuals(jnp.asarray(p), None))
    record = dict(status="converged" if bool(ok) else "not converged", converged=bool(ok), parameters=p.tolist(),
                  loss=problem.loss(r), iterations=int(steps), wallSeconds=wall, compileSeconds=compile_seconds,
                  runSeconds=run_seconds, warmRunSeconds=warm_seconds)
    return record, dict(jax=version("jax"), jaxlib=version("jaxlib"), diffrax=version("diffrax"),
                        equinox=version("equinox"), optimistix=version("optimistix"), lineax=version("lineax"))


if args.peer == "scipy":
    record, versions = scipy_fit(args.rtol, args.atol, {})
    label = args.label or f"scipy lm + DOP853 {args.rtol:g}/{args.atol:g}"
elif args.peer == "reference":
    args.cap = 1e9
    record, versions = scipy_fit(1e-12, 1e-12, dict(ftol=1e-15, xtol=1e-15, gtol=1e-15))
    label = "reference"
else:
    record, versions = optimistix_fit()
    label = args.label or f"optimistix LM + diffrax {args.solver.capitalize()} {args.rtol:g}/{args.atol:g}"
p = np.array(record["parameters"])
record = dict(side=label, problem=args.problem, start=x0.tolist(), **record,
              relativeError=(np.abs(p - problem.truth) / np.abs(problem.truth)).tolist(),
              referenceLoss=reference_loss(problem, p) if np.all(np.isfinite(p)) else None,
              tolerances=dict(rtol=args.rtol, atol=args.atol) if args.peer != "reference" else dict(rtol=1e-12, atol=1e-12),
              versions=versions)
print(json.dumps(record))
