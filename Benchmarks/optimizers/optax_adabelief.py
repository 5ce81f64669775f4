"""optax.adabelief step cost per parameter at n = 10^6 float64 parameters (CPU, jit, median of 60).

Also times optax.adam. The bandwidth-bound reference loop is the Swift one printed by the same run
(run.sh); a jitted JAX loop is not a fair bound because it allocates its outputs.
Usage: python optax_adabelief.py [n]
"""
import sys
import time

import jax

jax.config.update("jax_enable_x64", True)
jax.config.update("jax_platforms", "cpu")
import jax.numpy as jnp  # noqa: E402
import optax  # noqa: E402

n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
repetitions = 60


def median_ns(fn, *args):
    out = fn(*args)
    jax.block_until_ready(out)
    for _ in range(5):
        out = fn(*args)
        jax.block_until_ready(out)
    times = []
    for _ in range(repetitions):
        t0 = time.perf_counter_ns()
        out = fn(*args)
        jax.block_until_ready(out)
        times.append(time.perf_counter_ns() - t0)
    times.sort()
    return times[len(times) // 2]


params = 0.5 + 1e-7 * (jnp.arange(n, dtype=jnp.float64) % 1000)
grads = 1e-3 * jnp.sin(jnp.arange(n, dtype=jnp.float64))


def time_optimizer(opt):
    state = opt.init(params)

    @jax.jit
    def step(p, s, g):
        updates, s = opt.update(g, s, p)
        return optax.apply_updates(p, updates), s

    p, s = params, state
    for _ in range(10):
        p, s = step(p, s, grads)
    return median_ns(step, p, s, grads) / n


rows = [
    ("optax.adabelief (eps 1e-16, eps_root 1e-16)", optax.adabelief(1e-3)),
    ("optax.adam", optax.adam(1e-3)),
]
print(f"optax {optax.__version__}, jax {jax.__version__}, n = {n}, device {jax.devices()[0]}")
print("| step | ns/parameter |")
print("|---|---:|")
for label, opt in rows:
    print(f"| {label} | {time_optimizer(opt):.2f} |")
