import ArgumentParser
import Foundation
import Physics

/// `orrery generate time-series`: systems with known equations and parameters.
struct GenerateTimeSeriesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "time-series",
        abstract: "Simulate a time-series system (spiral, Lotka–Volterra, van der Pol, Lorenz, pendulum, three-body positions).",
        discussion: """
            Initial states are drawn per trajectory: spiral and van der Pol U[-2,2]^2, Lotka–Volterra U[0.5,3]^2, \
            Lorenz x U[-15,15], y U[-20,20], z U[10,40], pendulum θ U[-π/2,π/2], ω U[-1,1]; three-body as the random preset.
            Example: orrery generate time-series --system spiral --count 64 --samples 100 --sampling irregular \
            --noise 0.01 --t-end 10 --output spiral.h5
            """
    )

    @Option(help: "The system: \(SystemCatalog.names).") var system = "spiral"
    @Option(help: "Parameters, comma-separated, in the system's order (default: the system's own).") var parameters: String?
    @OptionGroup var options: GenerationOptions

    func validate() throws {
        guard let chosen = TimeSeriesSystem(rawValue: system) else {
            throw ValidationError("unknown --system \(system); choose one of \(SystemCatalog.names)")
        }
        _ = try parsedParameters(chosen)
        try options.validate(defaultTEnd: chosen.defaultTEnd)
    }

    private func parsedParameters(_ chosen: TimeSeriesSystem) throws -> [Double]? {
        try parameters.map { text in try flagged { try chosen.parameters(parsing: text) } }
    }

    func run() throws {
        let chosen = TimeSeriesSystem(rawValue: system)!
        try options.run(recipe: options.recipe(source: .timeSeries(chosen), defaultTEnd: chosen.defaultTEnd,
                                               parameters: try parsedParameters(chosen)))
    }
}
