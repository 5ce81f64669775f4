#!/usr/bin/env python3
"""Vern9 vs DOP853 on Kepler orbits in plain NumPy, the same embedded-RK loop and controller for both
(err^(-1/(q+1)), factor 0.9, clamp [0.2, 10], RMS norm with sc = tol + tol·max(|y|, |y+|); DOP853 with Hairer's
combined 5th/3rd-order estimate): an independent check of the evaluation counts in Benchmarks/results/generation.md.
Usage: python3 kepler-numpy.py ECCENTRICITY   (reads Vern9's doubles from Sources/ODE/Verner9.swift, DOP853's from scipy)
"""
import os
import re
import sys

import numpy as np
from scipy.integrate._ivp import dop853_coefficients as D

swift = open(os.path.join(os.path.dirname(__file__), "../../Sources/ODE/Verner9.swift")).read()


def sparse(text):
    n = int(re.match(r"row\((\d+)", text).group(1))
    r = np.zeros(n)
    for i, v in re.findall(r"(\d+): (-?[0-9.e+-]+)", text):
        r[int(i)] = float(v)
    return r


def block(name):
    start = swift.index("static let %s: " % name)
    return swift[start:swift.index("\n    ]", start) if name in ("c", "a") else swift.index("])", start) + 2]


c = np.array([float(x) for x in re.findall(r"-?[0-9][0-9.e+-]*", block("c").split("=", 1)[1])])
rows = [np.zeros(0)] + [sparse(r) for r in re.findall(r"row\(\d+, \[[^\]]*\]\)", block("a"))]
V = dict(c=c, A=rows, b=sparse(block("b").split("= ", 1)[1]), e=sparse(block("e").split("= ", 1)[1]), q=8)
assert len(V["c"]) == 16 and len(V["A"]) == 16 and abs(V["b"].sum() - 1) < 1e-14
A = D.A[:12, :12]
DP = dict(c=D.C[:12], A=[A[i, :i] for i in range(12)], b=D.B, e5=D.E5[:12], e3=D.E3[:12], q=7)


def f(t, y):
    r = np.hypot(y[0], y[1]); return np.array([y[2], y[3], -y[0]/r**3, -y[1]/r**3])
def kepler_exact(e, t):
    M = t; E = M
    for _ in range(100): E = E - (E - e*np.sin(E) - M)/(1 - e*np.cos(E))
    x = np.cos(E) - e; y = np.sqrt(1-e*e)*np.sin(E)
    Ed = 1/(1 - e*np.cos(E)); return np.array([x, y, -np.sin(E)*Ed, np.sqrt(1-e*e)*np.cos(E)*Ed])
def solve(T, tol, t1, y0):
    t, y, h, evals = 0.0, y0.copy(), 1e-3, 0
    k1 = f(t, y); evals += 1
    s = len(T['c'])
    while t < t1:
        h = min(h, t1 - t)
        K = [k1]
        for j in range(1, s):
            K.append(f(t + T['c'][j]*h, y + h*sum(T['A'][j][l]*K[l] for l in range(j)))); evals += 1
        K = np.array(K)
        yn = y + h*(T['b'] @ K)
        sc = tol + tol*np.maximum(abs(y), abs(yn))
        if 'e' in T:
            err = np.sqrt(np.mean((h*(T['e'] @ K)/sc)**2))
        else:
            e5 = np.sum((h*(T['e5'] @ K)/sc)**2); e3 = np.sum((h*(T['e3'] @ K)/sc)**2)
            den = e5 + 0.01*e3; err = e5/np.sqrt(den*len(y)) if den > 0 else 0.0
        fac = min(10, max(0.2, 0.9*err**(-1/(T['q']+1)))) if err > 0 else 10
        if err <= 1:
            t += h; y = yn; k1 = f(t, y); evals += 1
        h *= fac
    return y, evals
e = float(sys.argv[1]); P = 2*np.pi; t1 = 3*P
y0 = kepler_exact(e, 0.0); ex = kepler_exact(e, t1)
for tol in [1e-10, 1e-11, 1e-12, 1e-13, 1e-14]:
    for name, T in [('dop853', DP), ('vern9', V)]:
        y, n = solve(T, tol, t1, y0)
        print(e, tol, name, n, '%.2e' % np.abs(y - ex).max())
