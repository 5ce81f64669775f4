import ArgumentParser
import Reproductions

/// `orrery reproduce mass-recovery`: masses of a random three-body system from noisy, irregular positions,
/// AdaBelief vs Adam vs SGD and ACA vs adjoint.
public struct ReproduceMassRecovery: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "mass-recovery",
        abstract: "Three-body masses from noisy irregular positions: AdaBelief vs Adam vs SGD, ACA vs adjoint.",
        discussion: """
            One random bound three-body system (--seed, default 11), 100 uniform random times on [0, 5], position noise \
            0.01; the masses are learned from 1.0 with each optimizer and gradient method. Reports the mass error, loss \
            history and wall time. Writes README.md, results.h5, SVGs and mass-recovery.ipynb.
            """
    )

    @OptionGroup var options: ReproduceOptions

    public init() {}

    public func run() throws {
        var settings = MassRecovery.settings(quick: options.quick)
        if let seed = options.seed { settings.seed = seed }
        try options.run(MassRecovery.self, settings)
    }
}
