extension ButcherTableau {
    /// Verner's 9(8) pair ("Vern9"): the explicit Runge–Kutta method of order 9 with an embedded 8th-order error
    /// estimate and a 9th-order continuous extension (J. H. Verner, "Numerically optimal Runge–Kutta pairs with
    /// interpolants", *Numer. Algorithms* 53 (2010) 383–396; coefficients of Verner's RKV98.IIa "robust" pair).
    ///
    /// 16 stages, 16 evaluations per step (not FSAL: the 16th stage, at `c = 1`, feeds only the error estimate).
    /// The interpolant needs ten extra stages (Verner's 17–26), evaluated only when dense output is asked for.
    /// The coefficients are the correctly rounded doubles of Verner's exact values, written by
    /// `scripts/vern9-coefficients.py` after it checks them at 60 digits (`Verner9.swift`).
    ///
    /// Measured on the three-body generation workload (`Benchmarks/results/generation.md`): at equal global error it
    /// takes about as many evaluations as DOP853 (not fewer), and on the closest encounters its step count grows
    /// much faster than DOP853's as the tolerance approaches 1e-13 (one trajectory in 1000 exceeds `maxSteps` at
    /// rtol = atol = 1e-13, 22 at 1e-15, DOP853 4): prefer DOP853 for tight-tolerance N-body ground truth.
    public static let verner9 = try! ButcherTableau(
        name: "vern9", order: 9,
        c: Verner9.c,
        a: Verner9.a,
        b: Verner9.b,
        errorWeights: Verner9.e,
        embeddedOrder: 8,
        denseOutput: Verner9.denseOutput)
}
