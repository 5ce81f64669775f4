import ArgumentParser
import Reproductions

/// `orrery reproduce gradient-accuracy`: gradient error vs integration time and the cost table of
/// Zhuang et al. 2020 (ACA, ICML), for naive backprop, the continuous adjoint and ACA.
public struct ReproduceGradientAccuracy: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "gradient-accuracy",
        abstract: "Gradient error vs integration time and cost of naive, adjoint and ACA (the ACA paper's comparison).",
        discussion: """
            Measures each method's gradient against an independent reference: a linear system dz/dt = A z \
            (exact gradient via the matrix exponential), van der Pol (finite differences of a DOP853 1e-13 \
            solve) over several end times T and tolerances, and a three-body problem with a close encounter. \
            Also measures the costs of the paper's Table 1 (function evaluations, memory held, graph depth) and \
            how they grow with the number of steps. Writes README.md, results.h5, SVGs and \
            gradient-accuracy.ipynb.
            """
    )

    @OptionGroup var options: ReproduceOptions

    public init() {}

    public func validate() throws { try options.refuseSeed(GradientAccuracy.name) }

    public func run() throws {
        try options.run(GradientAccuracy.self, GradientAccuracy.settings(quick: options.quick))
    }
}
