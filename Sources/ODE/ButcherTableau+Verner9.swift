extension ButcherTableau {
    /// Verner's 9(8) pair ("Vern9"): the explicit Runge–Kutta method of order 9 with an embedded 8th-order error
    /// estimate and a 9th-order continuous extension (J. H. Verner, "Numerically optimal Runge–Kutta pairs with
    /// interpolants", *Numer. Algorithms* 53 (2010) 383–396; coefficients of Verner's RKV98.IIa "robust" pair).
    ///
    /// 16 stages, 16 evaluations per step (not FSAL: the 16th stage, at `c = 1`, feeds only the error estimate).
    /// The interpolant needs ten extra stages (Verner's 17–26), evaluated only when dense output is asked for.
    /// The coefficients are the correctly rounded doubles of Verner's exact values, written by
    /// `scripts/vern9-coefficients.py` after it checks them at 60 digits (`Verner9.swift`).
    public static let verner9 = try! ButcherTableau(
        name: "vern9", order: 9,
        c: Verner9.c,
        a: Verner9.a,
        b: Verner9.b,
        errorWeights: Verner9.e,
        embeddedOrder: 8,
        denseOutput: Verner9.denseOutput)
}
