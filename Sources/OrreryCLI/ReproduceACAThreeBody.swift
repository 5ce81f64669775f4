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

    public func validate() throws {
        if let starts, starts < 1 { throw ValidationError("--starts must be at least 1 (got \(starts)).") }
    }

    public func run() throws {
        var settings = try options.settings(ACAThreeBody.self)
        if let starts { settings.starts = starts }
        try options.run(ACAThreeBody.self, settings, flags: starts.map { ["--starts", String($0)] } ?? [])
    }
}
