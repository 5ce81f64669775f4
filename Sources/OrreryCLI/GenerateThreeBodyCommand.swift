import ArgumentParser
import Physics

/// `orrery generate three-body`: N-body gravity datasets from named presets.
struct GenerateThreeBodyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "three-body",
        abstract: "Simulate three-body systems (full state: positions and velocities).",
        discussion: """
            Presets: \(ThreeBodyPreset.allCases.map(\.rawValue).joined(separator: ", ")). `random` draws a bound system \
            per trajectory from the seed (masses U[0.8,1.2], positions U[-1,1]^3, velocities N(0,0.3^2), centre-of-mass \
            frame, accepted if E < 0 and no pair closer than 0.3). Default integrator: DOP853 in Sundman time (dt/ds = M2/W) at rtol = atol = 7e-14. \
            G is the preset's (1, except aca-paper) unless --units sets it; the file records G and units.
            Example: orrery generate three-body --preset random --count 1000 --t-end 20 --samples 200 \
            --sampling irregular --noise 0.01 --seed 7 --output datasets/threebody-random.h5
            """
    )

    @Option(help: "The system: \(ThreeBodyPreset.allCases.map(\.rawValue).joined(separator: ", ")).") var preset = "random"
    @OptionGroup var units: UnitsOptions
    @OptionGroup var options: GenerationOptions

    func validate() throws {
        guard ThreeBodyPreset(rawValue: preset) != nil else {
            throw ValidationError("unknown --preset \(preset); choose one of \(ThreeBodyPreset.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        try options.validate(defaultTEnd: 10, defaultCount: defaultCount)
    }

    /// 16 random systems, or 1 for a preset with fixed initial conditions (copies would be identical).
    private var defaultCount: Int { preset == ThreeBodyPreset.random.rawValue ? 16 : 1 }

    func run() throws {
        let preset = ThreeBodyPreset(rawValue: preset)!
        let defaultTEnd = preset.configuration().period.map { 10 * $0 } ?? 10
        var recipe = options.recipe(source: .threeBody(preset), defaultTEnd: defaultTEnd, defaultCount: defaultCount)
        (recipe.G, recipe.units) = (try units.gravitationalConstant(), try units.parsed()?.description)
        try options.run(recipe: recipe)
    }
}
