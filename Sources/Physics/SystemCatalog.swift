import ODE
import Randomness

/// The built-in systems, each described once (see ``BuiltinSystem``).
///
/// Adding a system is one entry here: the generator, the models (`--model <name>`), the
/// fit's parameter names and the help texts pick it up, and the catalogue test checks that
/// the dataset's parameter names equal the model's.
public enum SystemCatalog {
    /// Every built-in system, in the order help texts list them.
    public static let all: [BuiltinSystem] = [
        BuiltinSystem(
            name: "spiral", summary: "the damped linear spiral dz/dt = A z of Chen et al. 2018",
            dimension: 2, stateLabels: ["z1", "z2"], parameterNames: ["a11", "a12", "a21", "a22"],
            defaultParameters: LinearSystem.spiralMatrix, positiveParameters: false, defaultTEnd: 10,
            initialStateRecipe: "z ∈ [−2, 2]² uniform",
            initialState: { [$0.uniform(-2, 2), $0.uniform(-2, 2)] }, field: { LinearSystem(dimension: 2) }),
        BuiltinSystem(
            name: "lotka-volterra", summary: "predator–prey x' = αx − βxy, y' = δxy − γy",
            dimension: 2, stateLabels: ["prey", "predator"], parameterNames: ["alpha", "beta", "delta", "gamma"],
            defaultParameters: LotkaVolterra.defaultParameters, positiveParameters: true, defaultTEnd: 10,
            initialStateRecipe: "(prey, predator) ∈ [0.5, 3]² uniform",
            initialState: { [$0.uniform(0.5, 3), $0.uniform(0.5, 3)] }, field: { LotkaVolterra() }),
        BuiltinSystem(
            name: "van-der-pol", summary: "the van der Pol oscillator x'' = μ(1 − x²)x' − x",
            dimension: 2, stateLabels: ["x", "v"], parameterNames: ["mu"],
            defaultParameters: VanDerPol.defaultParameters, positiveParameters: true, defaultTEnd: 10,
            initialStateRecipe: "(x, v) ∈ [−2, 2]² uniform",
            initialState: { [$0.uniform(-2, 2), $0.uniform(-2, 2)] }, field: { VanDerPol() }),
        BuiltinSystem(
            name: "lorenz", summary: "the Lorenz 1963 system",
            dimension: 3, stateLabels: ["x", "y", "z"], parameterNames: ["sigma", "rho", "beta"],
            defaultParameters: Lorenz.defaultParameters, positiveParameters: true, defaultTEnd: 5,
            initialStateRecipe: "x ∈ [−15, 15], y ∈ [−20, 20], z ∈ [10, 40] uniform",
            initialState: { [$0.uniform(-15, 15), $0.uniform(-20, 20), $0.uniform(10, 40)] }, field: { Lorenz() }),
        BuiltinSystem(
            name: "damped-pendulum", summary: "θ'' = −c θ' − (g/l) sin θ",
            dimension: 2, stateLabels: ["theta", "omega"], parameterNames: ["damping", "g_over_l"],
            defaultParameters: DampedPendulum.defaultParameters, positiveParameters: true, defaultTEnd: 20,
            initialStateRecipe: "θ ∈ [−π/2, π/2], ω ∈ [−1, 1] uniform",
            initialState: { [$0.uniform(-Double.pi / 2, Double.pi / 2), $0.uniform(-1, 1)] }, field: { DampedPendulum() }),
        BuiltinSystem(
            name: "three-body", summary: "positions of a random bound three-body system",
            dimension: 9, stateLabels: Array(NBodyConfiguration.stateLabels(bodyCount: 3).prefix(9)),
            parameterNames: ["m1", "m2", "m3", "G"], defaultParameters: [1, 1, 1, 1], positiveParameters: true,
            defaultTEnd: 5, initialStateRecipe: ThreeBodyPreset.randomRecipe,
            initialState: { _ in [] }, field: { NBodyGravity(bodyCount: 3) }),
    ]

    /// The system called `name`, or nil.
    public static func named(_ name: String) -> BuiltinSystem? { all.first { $0.name == name } }

    /// The names, comma-separated, for help texts and error messages.
    public static var names: String { all.map(\.name).joined(separator: ", ") }
}
