import ArgumentParser
import Reproductions

/// `orrery reproduce aca-three-body`: the ACA paper's three-body mass recovery (Zhuang et al. 2020, ICML), from many starts.
public struct ReproduceACAThreeBody: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "aca-three-body",
        abstract: "Learn the three masses of the ACA paper's three-body problem with naive, adjoint and ACA gradients, from many starts.",
        discussion: """
            Fits the masses of the aca-paper preset to noise-free positions on [0, 1] (datasets/threebody-aca-paper.h5, \
            trained with trainUntil = 1) with the paper's protocol (Adam, weights 0.01^t) and with AdaBelief, for \
            naive backpropagation, the adjoint and ACA at rtol = atol = 1e-7 and 1e-10, each from --starts starting \
            masses (seeds --seed, --seed + 1, …); and a pure MLP neural ODE as the baseline. Reports the median and \
            spread of the mass errors per method, interpolation on [0, 1] and extrapolation on (1, 2]. Writes README.md, \
            results.h5, SVGs and aca-three-body.ipynb. The full run is 91 fits (a few minutes on 2 cores).
            """
    )

    @OptionGroup var options: ReproduceOptions

    @Option(help: "Starting masses each physics fit is repeated from (default 10, or 3 with --quick).")
    var starts: Int?

    public init() {}

    public func validate() throws {
        if let starts, starts < 1 { throw ValidationError("--starts must be at least 1 (got \(starts)).") }
    }

    public func run() throws {
        var settings = ACAThreeBody.settings(quick: options.quick)
        if let seed = options.seed { settings.firstSeed = seed }
        if let starts { settings.starts = starts }
        try options.run(ACAThreeBody.self, settings, flags: starts.map { ["--starts", String($0)] } ?? [])
    }
}
