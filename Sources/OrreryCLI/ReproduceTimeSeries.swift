import ArgumentParser
import Reproductions

/// `orrery reproduce time-series`: irregularly sampled spiral and Lotka–Volterra fitted by a neural ODE with
/// ACA, adjoint and naive gradients (Zhuang et al. 2020, the time-series experiment).
public struct ReproduceTimeSeries: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "time-series",
        abstract: "Neural ODEs on irregularly sampled spiral and Lotka–Volterra data: ACA vs adjoint vs naive.",
        discussion: """
            Generates 16 trajectories with 100 irregular times each (--seed, default 7), keeps 10 %, 20 % or 50 % of \
            the points, fits an MLP 2-32-32-2 tanh neural ODE (AdaBelief lr 0.01, dense observation mode) on t ≤ 0.75 T \
            with each gradient method, and reports interpolation and extrapolation MSE and training time. With --quick: \
            the spiral only, 50 % observed, few iterations. Writes README.md, results.h5, SVGs and time-series.ipynb.
            """
    )

    @OptionGroup var options: ReproduceOptions

    public init() {}

    public func run() throws {
        var settings = TimeSeriesExperiment.settings(quick: options.quick)
        if let seed = options.seed { settings.seed = seed }
        try options.run(TimeSeriesExperiment.self, settings)
    }
}
