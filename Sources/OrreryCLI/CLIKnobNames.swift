import Fitting

/// The one table from the library's knobs to `orrery`'s flags.
///
/// Library messages name what a library user sets (`FitSettings.rtol`, `FitConfiguration.patience`,
/// `Trainer.fit`'s `initialParameters`); the command line prints the flag that sets it instead.
/// The irregular phrases (`table`) are applied first, in order, so a longer phrase comes before any phrase it
/// contains; then every field in `fields` becomes its flag by one rule, `Type.camelCase` → `--kebab-case`.
public enum CLIKnobNames {
    /// The library fields that are flags of the same name (`FitSettings.batchSize` → `--batch-size`), by prefix.
    static let fields: [(prefix: String, names: [String])] = [
        ("FitConfiguration.", ["clipNorm", "patience", "trainUntil", "bounds"]),
        ("FitSettings.", ["threads", "iterations", "rtol", "atol", "batchSize", "checkpointEvery", "gradient", "batching", "seed",
                          "restarts", "validateUntil", "trainUntil", "validationFraction", "validateEvery", "clipNorm"]),
        ("FitSettings.tolerances.", ["ftol", "xtol", "gtol"]),
        ("EquationObservation.", ["initialState", "observe"]),
        ("DatasetRecipe.", ["tEnd", "dt", "count", "samples", "atol", "timeTransformation"]),
        ("SimulationKnobs.", ["tEnd", "samples", "sampling", "rate", "solver", "rtol", "atol", "dt", "threads"]),
        ("FitRequest.", ["gradient", "observationMode", "batching", "solver", "rtol", "atol", "iterations", "batchSize", "threads",
                         "validateEvery", "checkpointEvery", "observe", "initialState"]),
        ("GradientRequest.", ["method", "solver", "rtol", "atol", "adjointRtol", "adjointAtol", "observe", "observationMode",
                              "trajectory", "threads", "repeat"]),
        ("ACAThreeBody.Settings.", ["starts"]),
        ("AdaBeliefToys.Settings.", ["steps", "learningRate", "tolerance"]),
    ]

    /// The phrases the rule does not cover.
    static let table: [(library: String, flag: String)] = [
        ("FitSettings.optimizer's learningRate", "--lr"),
        ("FitSettings.strategy .firstOrder", "--optimizer adabelief"),
        ("FitSettings.strategy", "--optimizer"),
        ("set FitSettings.learnInitialState", "add --learn initial-state"),
        ("Trainer.fit's initialParameters", "--parameters"),
        ("set FitSettings.batching to .perTrajectory", "set --batching per-trajectory"),
        ("FitSettings.gradient to .aca", "--gradient aca"),
        ("FitSettings.tableau", "--solver"),
        ("invalid model specification: BuiltInModel.values", "--parameters"),
        ("invalid model specification: BuiltInModel.learn", "--learn"),
        ("invalid model specification: unknown BuiltInModel.name", "unknown --model"),
        ("BuiltInModel.values", "--parameters"),
        ("the aca gradient (GradientMethod.aca)", "the aca gradient (--gradient aca)"),
        ("LearningRateSchedule(parsing:)'s text", "--schedule"),
        ("LearningRateSchedule(parsing:)'s learningRate", "--lr"),
        ("NetworkSettings(parsingWidths:)'s widths", "--hidden"),
        ("NetworkSettings(parsingWidths:)'s activation", "--activation"),
        ("NetworkSettings.hiddenWidths", "--hidden widths"),
        ("or NetworkSettings for every network", "or --hidden"),
        ("give EquationSpecification's values", "give --parameters"),
        ("EquationModelSource's values", "--parameters"),
        ("GravityUnits(parsing:)'s text", "--units"),
        ("ModelSpecification.withGravitationalConstant(_:)", "--units"),
        ("FitEvaluation's JSON", "--json"),
        ("equation models (ModelSpecification.equations)", "--equations/--model-file models"),
        // orrery simulate
        ("unknown SimulationModel name", "unknown --model"),
        ("give a SimulationModel bodies file", "give --bodies FILE.json"),
        ("SimulationModel's unitsG", "--units"),
        ("SimulationModel's values", "--parameters"),
        // orrery generate
        ("an adaptive DatasetRecipe.method", "an adaptive --solver"),
        ("TimeSeriesSystem.parameters(parsing:)'s text", "--parameters"),
        ("ObservationModel.noise", "--noise"),
        ("ObservationModel.missingFraction", "--missing"),
        ("generate it in slices with GenerationJob.shard and join them with DatasetMerge",
         "generate it in slices with --shard K/N and join them with `orrery merge`"),
        // orrery gradient
        ("give GradientStudy.threeBody's masses", "give --parameters masses=m1,m2,m3"),
        ("GradientStudy.threeBody's masses and G", "--parameters masses=…,G=…"),
        ("GradientStudy.threeBody's values", "--parameters"),
        ("GradientStudy's trajectory", "--trajectory"),
        ("GradientStudy's rtol/atol", "--rtol/--atol"),
        ("unknown GradientMethod.list(parsing:) name", "unknown --method"),
        ("GradientMethod.list(parsing:) got an empty list", "--method is empty"),
    ]

    /// `text` with every library knob replaced by its flag.
    public static func translate(_ text: String) -> String {
        var result = text
        let regular = fields.flatMap { field in field.names.map { (field.prefix + $0, flag(forField: $0)) } }
        for (library, flag) in table + regular where result.contains(library) {
            result = result.replacingOccurrences(of: library, with: flag)
        }
        return result
    }

    /// `batchSize` → `--batch-size`: ArgumentParser's own spelling of a property's long flag.
    static func flag(forField name: String) -> String {
        "--" + name.map { $0.isUppercase ? "-" + $0.lowercased() : String($0) }.joined()
    }

    /// The checkpoint with its status reason and warnings in flag names: what the fit file and the
    /// summary of `orrery fit` carry.
    static func translate(_ checkpoint: FitCheckpoint) -> FitCheckpoint {
        var copy = checkpoint
        if case .string(let reason)? = copy.attributes["status_reason"] { copy.attributes["status_reason"] = .string(translate(reason)) }
        if case .strings(let warnings)? = copy.attributes["warnings"] { copy.attributes["warnings"] = .strings(warnings.map(translate)) }
        return copy
    }
}
