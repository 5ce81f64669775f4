#!/usr/bin/env python3
"""Transcribe and check Verner's 9(8) pair ("Vern9") for Sources/ODE/ButcherTableau+Verner9*.swift.

J. H. Verner, "Numerically optimal Runge-Kutta pairs with interpolants", Numer. Algorithms 53 (2010) 383-396;
coefficients as on Verner's page (RKV98.IIa.Robust) and in OrdinaryDiffEq.jl's `verner_tableaus.jl`, which states
each one twice: exactly (rationals, sqrt(6), 40-digit decimals) and as Float64 literals.

Usage: python3 scripts/vern9-coefficients.py PATH/verner_tableaus.jl \\
       Sources/ODE/Verner9.swift Sources/ODE/Verner9+Interpolant.swift

Every coefficient is read from the exact form and evaluated with mpmath at 60 digits, then
1. compared with the same coefficient's Float64 literal in the file (an independent copy): they must agree to
   2 ulp (the literal is the rounded value);
2. the tableau is checked at 60 digits: row sums = c (method and interpolant stages), the order conditions of b for
   every rooted tree up to order 9 hold (|residual| < 1e-35) and some of order 10 fail, those of b - e up to order 8
   hold, and the interpolant's weights w_j(theta) satisfy sum_j w_j Phi_j = theta^|t|/gamma(t) up to order 9 at
   several theta;
3. each coefficient is written as the shortest decimal that rounds to its correctly rounded double.
Nothing is printed into the Swift file unless every check passes.
"""
import re
import sys

import mpmath as mp

mp.mp.dps = 60


def function_body(text, name, generic):
    """The body of `@fold function NAME(...)`: the generic one (exact forms) or the CompiledFloats one."""
    starts = [m.start() for m in re.finditer(r"function %s\(" % name, text)]
    for s in starts:
        where = text.index("where", s)
        header_end = text.index("}\n", where) + 1 if text[where + 6] == "{" and "\n" in text[where:text.index("}", where)] \
            else text.index("\n", where)
        header = text[s:header_end]
        if ("CompiledFloats" in header) != generic:
            end = text.index("\nend", header_end)
            return text[header_end:end]
    raise SystemExit("no %s function (generic=%s) in the file" % (name, generic))


def assignments(body):
    """name -> expression text of `name = convert(T, expr)` (expressions may span lines)."""
    out = {}
    for m in re.finditer(r"^\s*(\w+) = convert\(\s*T2?,", body, re.M):
        i, depth = m.end(), 1
        while depth:
            depth += {"(": 1, ")": -1}.get(body[i], 0)
            i += 1
        out[m.group(1)] = body[m.end():i - 1].strip()
    return out


def exact(expr):
    strings = []

    def keep(m):
        strings.append(m.group(1).strip())
        return "S%d_" % (len(strings) - 1)

    e = re.sub(r'big"([^"]*)"', keep, " ".join(expr.split()))
    e = e.replace("BigInt", "").replace("//", "/").replace("^", "**")
    e = re.sub(r"(?<![\w.])(\d+)(?![\w.])", r"mp.mpf('\1')", e)
    e = re.sub(r"S(\d+)_", lambda m: "mp.mpf('%s')" % strings[int(m.group(1))], e)
    return eval(e, {"mp": mp})


def literal(expr):
    return float(eval(" ".join(expr.split()).replace("//", "/")))


def load(path):
    text = open(path).read()
    values, literals = {}, {}
    for name in ["Vern9Tableau", "Vern9ExtraStages", "Vern9InterpolationCoefficients"]:
        values.update({k: exact(v) for k, v in assignments(function_body(text, name, True)).items()})
        literals.update({k: literal(v) for k, v in assignments(function_body(text, name, False)).items()})
    assert set(values) == set(literals), set(values) ^ set(literals)
    off = []
    for k, v in sorted(values.items()):
        ulp = abs(mp.mpf(float(v))) * mp.mpf(2) ** -52
        if abs(mp.mpf(literals[k]) - v) > 2 * ulp:
            off.append("%s (%.1f ulp)" % (k, float(abs(mp.mpf(literals[k]) - v) / ulp)))
        # a gross transcription slip in either copy would show far above rounding:
        assert abs(mp.mpf(literals[k]) - v) <= max(1e-12 * abs(v), mp.mpf(1e-300)), (k, v, literals[k])
    print("%d coefficients; Float64 literals more than 2 ulp from the exact value: %s"
          % (len(values), ", ".join(off) or "none"), file=sys.stderr)
    return values


def tableau(v):
    """Stages 1..16 of the method, then 17..26 of the interpolant (0-based lists)."""
    S = 26
    c = [mp.mpf(0)] * S
    for j in range(2, 15):
        c[j - 1] = v["c%d" % (j - 1)]  # OrdinaryDiffEq's c1..c13 are the nodes of stages 2..14
    c[14] = c[15] = mp.mpf(1)
    for j in range(17, 27):
        c[j - 1] = v["c%d" % j]
    a = [[mp.mpf(0)] * i for i in range(S)]
    for k, x in v.items():
        m = re.fullmatch(r"a(\d\d)(\d\d)", k)
        if m:
            a[int(m.group(1)) - 1][int(m.group(2)) - 1] = x
    b = [mp.mpf(0)] * 16
    e = [mp.mpf(0)] * 16
    for j in range(1, 17):
        b[j - 1] = v.get("b%d" % j, mp.mpf(0))
        e[j - 1] = v.get("btilde%d" % j, mp.mpf(0))
    W = [[mp.mpf(0)] * 9 for _ in range(S)]  # W[j][r]: coefficient of theta^(r+1)
    for k, x in v.items():
        m = re.fullmatch(r"r(\d\d)(\d)", k)
        if m:
            W[int(m.group(1)) - 1][int(m.group(2)) - 1] = x
    return c, a, b, e, W


def trees(max_order):
    ts = [((), 1, mp.mpf(1))]
    for order in range(2, max_order + 1):
        existing = list(ts)

        def grow(rem, hi, cur):
            if rem == 0:
                g = mp.mpf(order)
                for ch in cur:
                    g *= existing[ch][2]
                ts.append((tuple(cur), order, g))
                return
            for i in range(hi, -1, -1):
                if existing[i][1] <= rem:
                    grow(rem - existing[i][1], i, cur + [i])

        grow(order - 1, len(existing) - 1, [])
    return ts


def phis(ts, a):
    s = len(a)
    out, aphi = [], []
    for children, _, _ in ts:
        v = [mp.mpf(1)] * s
        for ch in children:
            v = [v[i] * aphi[ch][i] for i in range(s)]
        aphi.append([mp.fsum(a[i][l] * v[l] for l in range(i)) for i in range(s)])
        out.append(v)
    return out


def alternating(theta, count=9):
    """Hairer's basis theta, theta(1-theta), theta^2(1-theta), theta^2(1-theta)^2, ... (DenseOutput.Basis.alternating)."""
    out = [theta]
    for r in range(1, count):
        out.append(out[-1] * ((1 - theta) if r % 2 == 1 else theta))
    return out


def to_alternating(W):
    """Each row's monomial weights (theta^1..theta^9) in the alternating basis, whose first coefficient is the
    weight at theta = 1 (b_j) and whose others vanish there: the interpolant reproduces the step exactly, with no
    cancellation among coefficients of size 1e4 as the monomial form has."""
    points = [mp.mpf(k) / 10 for k in range(1, 10)]
    M = mp.matrix([alternating(x) for x in points])
    V = mp.matrix([[x ** (r + 1) for r in range(9)] for x in points])
    out = []
    for row in W:
        rhs = V * mp.matrix(row)
        out.append(list(mp.lu_solve(M, rhs)))
    return out


def check(c, a, b, e, W):
    for i, row in enumerate(a):
        # the method stages are exact; the interpolant stages are given to 40 digits
        assert abs(mp.fsum(row) - c[i]) < mp.mpf(10) ** (-45 if i < 16 else -38), ("row sum", i, mp.fsum(row) - c[i])
    ts = trees(10)
    counts = [sum(1 for t in ts if t[1] == q) for q in range(1, 11)]
    assert counts == [1, 1, 2, 4, 9, 20, 48, 115, 286, 719], counts
    ph = phis(ts, a)
    tiny = mp.mpf(10) ** -35
    worst10 = 0
    for (children, q, g), p in zip(ts, ph):
        r = mp.fsum(b[i] * p[i] for i in range(16)) - 1 / g
        if q <= 9:
            assert abs(r) < tiny, ("order", q, r)
        else:
            worst10 = max(worst10, abs(r))
        if q <= 8:
            rh = mp.fsum((b[i] - e[i]) * p[i] for i in range(16)) - 1 / g
            assert abs(rh) < tiny, ("embedded order", q, rh)
    assert worst10 > 1e-6, worst10
    for theta in [mp.mpf(1) / 7, mp.mpf(1) / 2, mp.mpf(9) / 10, mp.mpf(1)]:
        basis = alternating(theta)
        w = [mp.fsum(W[j][r] * basis[r] for r in range(9)) for j in range(26)]
        for (children, q, g), p in zip(ts, ph):
            if q <= 9:
                r = mp.fsum(w[j] * p[j] for j in range(26)) - theta ** q / g
                assert abs(r) < tiny * 1e3, ("interpolant", float(theta), q, r)
    return worst10


def swift(x):
    """The shortest decimal that reads back as x's correctly rounded double (0 for the 40-digit inputs' noise)."""
    if abs(x) < 1e-30:
        return "0"
    d = float(x)
    text = repr(d)
    half_ulp = abs(mp.mpf(d)) * mp.mpf(2) ** -53
    assert float(text) == d and abs(mp.mpf(d) - x) <= half_ulp, ("not the nearest double", x)
    return text


def wrap(items, indent, width=118):
    lines, line = [], " " * indent
    for item in items:
        if len(line) + len(item) + 2 > width and line.strip():
            lines.append(line.rstrip())
            line = " " * indent
        line += item + ", "
    lines.append(line.rstrip())
    return "\n".join(lines)


def sparse(values, indent):
    items = ["%d: %s" % (i, swift(x)) for i, x in enumerate(values) if swift(x) != "0"]
    return "row(%d, [\n%s\n%s])" % (len(values), wrap(items, indent + 4), " " * indent)


HEADER = """// Generated by scripts/vern9-coefficients.py from the exact coefficients (rationals, sqrt 6, 40-digit decimals)
// after checking them at 60 digits; do not edit by hand.
"""


def emit(c, a, b, e, W, tableau_path, interpolant_path):
    rows = []
    for i in range(1, 16):
        rows.append("        " + sparse(a[i], 8) + ",")
    extra = []
    for i in range(16, 26):
        extra.append("        .init(c: %s, a: %s)," % (swift(c[i]), sparse(a[i], 8)))
    with open(tableau_path, "w") as f:
        f.write(HEADER + """
/// The raw coefficients of Verner's 9(8) pair (`ButcherTableau.verner9`), stored sparsely: stages 2–7 feed only
/// later stages (their weights are 0) and stage 16 only the error estimate.
enum Verner9 {
    static func row(_ length: Int, _ entries: [Int: Double]) -> [Double] {
        var r = [Double](repeating: 0, count: length)
        for (index, value) in entries { r[index] = value }
        return r
    }

    static let c: [Double] = [
%s
    ]

    static let a: [[Double]] = [
        [],
%s
    ]

    static let b: [Double] = %s

    /// e = b − b̂ (8th-order embedded solution; b̂ uses stage 16, b does not).
    static let e: [Double] = %s
}
""" % (wrap([swift(x) for x in c[:16]], 8), "\n".join(rows), sparse(b, 4), sparse(e, 4)))
    weights = []
    for j in range(26):
        weights.append("        [%s]," % ", ".join(swift(x) for x in W[j]) if any(swift(x) != "0" for x in W[j])
                       else "        zero,")
    weights = [w if len(w) <= 118 else "        [\n" + wrap(w.strip()[1:-2].split(", "), 12) + "\n        ]," for w in weights]
    with open(interpolant_path, "w") as f:
        f.write(HEADER + """
extension Verner9 {
    /// The ten stages of the 9th-order interpolant (Verner's stages 17–26), each coupled to every earlier stage.
    static let extraStages: [DenseOutput.ExtraStage] = [
%s
    ]

    private static let zero = [Double](repeating: 0, count: 9)

    /// Stage `j`'s weight on Hairer's alternating basis `θ, θ(1−θ), θ²(1−θ), θ²(1−θ)², …, θ⁵(1−θ)⁴`, converted
    /// exactly from Verner's monomial weights: the first column is `b` (0 for the interpolant's stages), so the
    /// interpolant reproduces the step at `θ = 1` without cancellation. Stages 1–16, then 17–26.
    static let denseWeights: [[Double]] = [
%s
    ]

    static var denseOutput: DenseOutput {
        .polynomial(order: 9, basis: .alternating, weights: denseWeights, extraStages: extraStages)
    }
}
""" % ("\n".join(extra), "\n".join(weights)))


if __name__ == "__main__":
    c, a, b, e, W = tableau(load(sys.argv[1]))
    W = to_alternating(W)
    for j in range(26):
        assert abs(W[j][0] - (b[j] if j < 16 else 0)) < 1e-35, ("weight at theta = 1", j)
        W[j][0] = b[j] if j < 16 else mp.mpf(0)
    print("largest alternating-basis weight %.3g" % max(abs(x) for r in W for x in r), file=sys.stderr)
    worst = check(c, a, b, e, W)
    print("all checks pass; largest order-10 residual %.3e" % worst, file=sys.stderr)
    if len(sys.argv) > 3:
        emit(c, a, b, e, W, sys.argv[2], sys.argv[3])
