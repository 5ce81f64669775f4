extension ButcherTableau {
    /// Every built-in method. A new method is one constant plus one entry here;
    /// the generic tests (order conditions, convergence, dense output) then cover it.
    public static let all: [ButcherTableau] = [
        .euler, .midpoint, .heun, .rk4,
        .heunEuler, .bogackiShampine3, .dormandPrince5, .tsitouras5, .dormandPrince8, .verner9,
    ]

    /// The built-in method with this `name`, if any.
    public static func named(_ name: String) -> ButcherTableau? {
        all.first { $0.name == name }
    }

    /// The names of the adaptive methods (those with an error estimate), comma-separated, as help texts and
    /// messages list them.
    public static var adaptiveNames: String { all.filter(\.isAdaptive).map(\.name).joined(separator: ", ") }

    /// The names of every built-in method, comma-separated.
    public static var allNames: String { all.map(\.name).joined(separator: ", ") }
}
