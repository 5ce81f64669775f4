// Classic low-order methods (Hairer, Nørsett & Wanner, Solving ODEs I, §II.1)
// and the Bogacki–Shampine 3(2) pair. Constants are validated at first use;
// the generic tests build every one of them.

extension ButcherTableau {
    /// Forward Euler, order 1. Fixed step only.
    public static let euler = try! ButcherTableau(
        name: "euler", order: 1, c: [0], a: [[]], b: [1])

    /// Explicit midpoint rule (Runge 1895), order 2. Fixed step only.
    public static let midpoint = try! ButcherTableau(
        name: "midpoint", order: 2, c: [0, 1.0 / 2], a: [[], [1.0 / 2]], b: [0, 1])

    /// Heun's method (explicit trapezoidal rule), order 2. Fixed step only.
    public static let heun = try! ButcherTableau(
        name: "heun", order: 2, c: [0, 1], a: [[], [1]], b: [1.0 / 2, 1.0 / 2])

    /// The classic fourth-order Runge–Kutta method (Kutta 1901), weights 1/6, 1/3, 1/3, 1/6.
    public static let rk4 = try! ButcherTableau(
        name: "rk4", order: 4,
        c: [0, 1.0 / 2, 1.0 / 2, 1],
        a: [[], [1.0 / 2], [0, 1.0 / 2], [0, 0, 1]],
        b: [1.0 / 6, 1.0 / 3, 1.0 / 3, 1.0 / 6])

    /// Heun–Euler 2(1): Heun's method with forward Euler embedded (`b̂ = (1, 0)`).
    public static let heunEuler = try! ButcherTableau(
        name: "heun_euler", order: 2, c: [0, 1], a: [[], [1]], b: [1.0 / 2, 1.0 / 2],
        errorWeights: [1.0 / 2 - 1, 1.0 / 2], embeddedOrder: 1)

    /// Bogacki & Shampine (1989), "A 3(2) pair of Runge–Kutta formulas",
    /// Appl. Math. Lett. 2(4). FSAL; its natural interpolant is the cubic Hermite.
    public static let bogackiShampine3 = try! ButcherTableau(
        name: "bs3", order: 3,
        c: [0, 1.0 / 2, 3.0 / 4, 1],
        a: [[], [1.0 / 2], [0, 3.0 / 4], [2.0 / 9, 1.0 / 3, 4.0 / 9]],
        b: [2.0 / 9, 1.0 / 3, 4.0 / 9, 0],
        // e = b − b̂ with b̂ = (7/24, 1/4, 1/3, 1/8).
        errorWeights: [2.0 / 9 - 7.0 / 24, 1.0 / 3 - 1.0 / 4, 4.0 / 9 - 1.0 / 3, -1.0 / 8],
        embeddedOrder: 2)
}
