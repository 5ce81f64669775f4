"""The two least-squares problems, read straight from the schema-v1 HDF5 files `orrery fit` reads.

Both sides fit the same numbers: the observation times /t[0], the observed components of /state[0] (positions
x1 … z3 for the three-body problem, both components for Lotka–Volterra), the initial state /initial_state[0]
at t = 0 (fixed, not learned). Residuals: prediction − observation at every observation time, flattened; the
reported loss is the mean of their squares, the loss `orrery fit` reports.
"""
import h5py
import numpy as np


class Problem:
    def __init__(self, name, path):
        f = h5py.File(path, "r")
        self.name, self.path = name, path
        self.times = np.asarray(f["t"][0], dtype=float)
        self.y0 = np.asarray(f["initial_state"][0], dtype=float)
        if name in ("threebody", "threebody-train1"):
            self.observed = np.asarray(f["state"][0, :, :9], dtype=float)
            self.components = list(range(9))
            self.truth = np.asarray(f["parameters/masses"][0], dtype=float)
            self.G = float(f["parameters/G"][0]) if "parameters/G" in f else float(f.attrs.get("G", 1.0))
            self.names = ["m1", "m2", "m3"]
        elif name == "lotka-volterra":
            self.observed = np.asarray(f["state"][0], dtype=float)
            self.components = [0, 1]
            self.names = [str(n) for n in f.attrs["parameter_names"]]          # alpha, beta, delta, gamma
            self.truth = np.array([float(f["parameters"][n][0]) for n in self.names])
        else:
            raise ValueError(name)
        if name == "threebody-train1":              # `orrery fit --train-until 1`: only observations at t ≤ 1
            keep = self.times <= 1.0
            self.times, self.observed = self.times[keep], self.observed[keep]
        self.t0 = 0.0
        self.noise = float(f.attrs.get("noise_std", 0.0))

    # ------------------------------------------------------------------ right-hand sides (NumPy)
    def rhs_numpy(self, p):
        if self.name.startswith("threebody"):
            G, m = self.G, np.asarray(p)

            def f(t, y):
                r = y[:9].reshape(3, 3)
                a = np.zeros((3, 3))
                for i in range(3):
                    for j in range(i + 1, 3):
                        d = r[j] - r[i]
                        inv3 = 1.0 / (d @ d) ** 1.5
                        a[i] += G * m[j] * inv3 * d
                        a[j] -= G * m[i] * inv3 * d
                return np.concatenate([y[9:], a.ravel()])
            return f
        alpha, beta, delta, gamma = p

        def f(t, y):
            x, z = y
            return np.array([alpha * x - beta * x * z, delta * x * z - gamma * z])
        return f

    # ------------------------------------------------------------------ right-hand side (JAX), args = parameters
    def rhs_jax(self):
        import jax.numpy as jnp
        if self.name.startswith("threebody"):
            G, eye = self.G, jnp.eye(3)

            def f(t, y, m):
                r, v = y[:9].reshape(3, 3), y[9:]
                d = r[None, :, :] - r[:, None, :]
                s2 = (d * d).sum(-1) + eye
                inv3 = (1 - eye) / (s2 * jnp.sqrt(s2))
                a = G * (m[None, :, None] * d * inv3[:, :, None]).sum(1)
                return jnp.concatenate([v, a.reshape(9)])
            return f

        def f(t, y, p):
            x, z = y[0], y[1]
            return jnp.stack([p[0] * x - p[1] * x * z, p[2] * x * z - p[3] * z])
        return f

    def loss(self, residuals):
        return float(np.mean(np.square(residuals)))


def start_points(problem, count, seed):
    """Seeded starting points (the same for both three-body problems): three-body masses uniform in [0.9, 1.1]; Lotka–Volterra rates truth·U[0.7, 1.3]
    (each rate up to 30 % off)."""
    rng = np.random.default_rng(seed)
    if problem.name.startswith("threebody"):
        return [rng.uniform(0.9, 1.1, 3) for _ in range(count)]
    return [problem.truth * rng.uniform(0.7, 1.3, len(problem.truth)) for _ in range(count)]

def solve_scipy(problem, p, rtol, atol):
    from scipy.integrate import solve_ivp
    solution = solve_ivp(problem.rhs_numpy(p), (problem.t0, float(problem.times[-1])), problem.y0, method="DOP853",
                         rtol=rtol, atol=atol, t_eval=problem.times)
    if not solution.success or solution.y.shape[1] != len(problem.times):
        raise RuntimeError(f"solve_ivp failed at {p}: {solution.message}")
    return solution


def residuals_scipy(problem, p, rtol, atol):
    solution = solve_scipy(problem, p, rtol, atol)
    return (solution.y[problem.components].T - problem.observed).ravel(), solution.nfev


REFERENCE_TOLERANCE = 1e-12


def reference_loss(problem, p):
    """The loss at parameters p with a tight solve (scipy DOP853, rtol = atol = 1e-12): one yardstick for every side."""
    return problem.loss(residuals_scipy(problem, np.asarray(p, dtype=float), REFERENCE_TOLERANCE, REFERENCE_TOLERANCE)[0])
