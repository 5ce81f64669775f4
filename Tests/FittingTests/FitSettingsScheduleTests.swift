import Fitting
import Optimizers
import Testing

/// `FitSettings.validateSchedule()` (part of `validate()`): restarts, stopping tolerances, the validation split
/// and gradient clipping are refused with the knob named.
@Suite("FitSettings schedule validation")
struct FitSettingsScheduleTests {
    static func settings(_ change: (inout FitSettings) -> Void = { _ in }) -> FitSettings {
        var settings = FitSettings(optimizer: .adaBelief(.pytorch021), iterations: 10, threads: 1)
        change(&settings)
        return settings
    }

    @Test("sound settings pass, at the edges too: 1 and 1000 restarts, zero tolerances, fraction 0, V > T")
    func accepted() throws {
        try Self.settings().validateSchedule()
        try Self.settings().validate()
        try Self.settings {
            $0.restarts = 1000
            $0.tolerances = ConvergenceTolerances(ftol: 0, xtol: 0, gtol: 0)
            $0.trainUntil = 1
            $0.validateUntil = 1.5
            $0.clipNorm = 1e-3
        }.validateSchedule()
        try Self.settings { $0.restarts = 1 }.validateSchedule()
    }

    @Test("each bad knob is named with its value", arguments: [
        (FitSettingsScheduleTests.settings { $0.restarts = 0 }, "FitSettings.restarts must be in 1…1000 (got 0)"),
        (FitSettingsScheduleTests.settings { $0.restarts = 1001 }, "FitSettings.restarts must be in 1…1000 (got 1001)"),
        (FitSettingsScheduleTests.settings { $0.tolerances = ConvergenceTolerances(ftol: -1, xtol: 0, gtol: 0) },
         "FitSettings.tolerances.ftol must be finite and ≥ 0 (got -1.0)"),
        (FitSettingsScheduleTests.settings { $0.tolerances = ConvergenceTolerances(ftol: 0, xtol: .nan, gtol: 0) },
         "FitSettings.tolerances.xtol must be finite and ≥ 0 (got nan)"),
        (FitSettingsScheduleTests.settings { $0.tolerances = ConvergenceTolerances(ftol: 0, xtol: 0, gtol: .infinity) },
         "FitSettings.tolerances.gtol must be finite and ≥ 0 (got inf)"),
        (FitSettingsScheduleTests.settings { $0.validateUntil = 2 },
         "FitSettings.validateUntil needs FitSettings.trainUntil below it (the validation window is (T, V])"),
        (FitSettingsScheduleTests.settings { $0.trainUntil = 2; $0.validateUntil = 2 },
         "FitSettings.validateUntil needs FitSettings.trainUntil below it (the validation window is (T, V])"),
        (FitSettingsScheduleTests.settings { $0.validationFraction = 1 }, "FitSettings.validationFraction must be in [0, 1) (got 1.0)"),
        (FitSettingsScheduleTests.settings { $0.validationFraction = -0.1 }, "FitSettings.validationFraction must be in [0, 1) (got -0.1)"),
        (FitSettingsScheduleTests.settings { $0.validateEvery = 0 }, "FitSettings.validateEvery must be positive (got 0)"),
        (FitSettingsScheduleTests.settings { $0.clipNorm = 0 }, "FitSettings.clipNorm must be positive (got 0.0)"),
    ])
    func refused(settings: FitSettings, message: String) {
        #expect(throws: FitError(message)) { try settings.validateSchedule() }
        // validate() runs the same checks.
        #expect(throws: FitError(message)) { try settings.validate() }
    }
}

/// `OptimizationStrategy.named(_:learningRate:…)`: `orrery fit --optimizer` as a strategy and an optimizer.
@Suite("OptimizationStrategy by name")
struct OptimizationStrategyNamedTests {
    @Test("auto, lm and lbfgs choose the strategy with AdaBelief; the first-order names run first-order with their hyperparameters")
    func named() throws {
        let adaBelief = try OptimizerSpecification.named("adabelief", learningRate: 0.05)
        for (name, strategy) in [("auto", OptimizationStrategy.auto), ("lm", .levenbergMarquardt), ("lbfgs", .lbfgs)] {
            let choice = try OptimizationStrategy.named(name, learningRate: 0.05)
            #expect(choice.strategy == strategy && choice.optimizer == adaBelief)
        }
        let adam = try OptimizationStrategy.named("adam", learningRate: 0.1, beta1: 0.8)
        let expected = try OptimizerSpecification.named("adam", learningRate: 0.1, beta1: 0.8)
        let plain = try OptimizerSpecification.named("adam", learningRate: 0.1)
        #expect(adam.strategy == .firstOrder && adam.optimizer == expected && adam.optimizer != plain)
    }

    @Test("a learning rate that is not positive and finite, and an unknown name, are refused with the knob named")
    func refused() {
        for rate in [0, -1, Double.nan] {
            #expect(throws: FitError("FitSettings.optimizer's learningRate must be positive (got \(rate))")) {
                try OptimizationStrategy.named("adam", learningRate: rate)
            }
        }
        #expect(throws: FitError("unknown FitSettings.strategy adamm; choose auto, lm, lbfgs, adabelief, adabelief-paper, adam, adamw, sgd or radam")) {
            try OptimizationStrategy.named("adamm", learningRate: 0.1)
        }
    }
}
