import ArgumentParser
import Reproductions

/// `orrery reproduce aca-three-body`: the ACA paper's three-body mass recovery (Zhuang et al. 2020, ICML), from many starts.
public struct ReproduceACAThreeBody: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "aca-three-body",
        abstract: ACAThreeBody.abstract,
        discussion: ACAThreeBody.discussion
    )

    @OptionGroup var options: ReproduceOptions

    @Option(help: "Starting masses each physics fit is repeated from (default 10, or 3 with --quick).")
    var starts: Int?

    public init() {}

    public func validate() throws { try flagged { try settings().validate() } }

    public func run() throws {
        try options.run(ACAThreeBody.self, try settings(), flags: starts.map { ["--starts", String($0)] } ?? [])
    }

    /// The published (or `--quick`) settings with `--seed` and `--starts`.
    func settings() throws -> ACAThreeBody.Settings {
        var settings = try options.settings(ACAThreeBody.self)
        if let starts { settings.starts = starts }
        return settings
    }
}
