import Datasets
import Fitting
import Gradients
import Models
import ODE
import Optimizers
import Testing

/// `FitSettings.configuration(model:data:observedComponents:dataset:leaving:)`: the knobs left open
/// take the defaults of the optimizer that will run; the given ones are kept.
@Suite("FitSettings strategy defaults")
struct FitSettingsDefaultsTests {
    static let lotkaVolterra = ModelSpecification.timeSeries(system: .lotkaVolterra, parameters: [1.3, 0.8, 1.2, 2.7], learn: true)
    static let everything: FitSettings.StrategyDefaults = [.tableau, .rtol, .atol, .iterations, .ftol, .xtol, .gtol]

    static func settings(strategy: OptimizationStrategy, gradient: GradientMethod = .aca) -> FitSettings {
        var settings = FitSettings(optimizer: .adaBelief(.pytorch021), iterations: 0, threads: 1, gradient: gradient,
                                   schedule: .cosine(totalSteps: 1, minimum: 1e-4), strategy: strategy)
        settings.tolerances = ConvergenceTolerances(ftol: 3e-9, xtol: 4e-9, gtol: 5e-9)
        return settings
    }

    static func configuration(_ settings: FitSettings, model: ModelSpecification = lotkaVolterra,
                              open: FitSettings.StrategyDefaults = everything) throws -> FitConfiguration {
        try settings.configuration(model: model, data: .init(path: "lv.h5"), observedComponents: nil,
                                   dataset: GradientStudyTests.dataset(), leaving: open)
    }

    @Test("auto on 4 parameters runs Levenberg–Marquardt: dop853, rtol 1e-10, atol 1e-12, 100 iterations, LM tolerances")
    func levenbergMarquardtDefaults() throws {
        let c = try Self.configuration(Self.settings(strategy: .auto))
        #expect(c.solver == "dop853" && c.rtol == 1e-10 && c.atol == 1e-12 && c.iterations == 100)
        #expect(c.tolerances == ConvergenceTolerances(ftol: 1e-10, xtol: 1e-10, gtol: 1e-8))
        #expect(c.schedule == .cosine(totalSteps: 100, minimum: 1e-4))
        #expect(c.strategy == .auto && c.data.path == "lv.h5" && c.polishIterations == nil)
    }

    @Test("given knobs stay: the settings' tableau, tolerances, iterations and stopping rules")
    func givenKnobsStay() throws {
        var settings = Self.settings(strategy: .auto)
        settings.tableau = .tsitouras5
        settings.rtol = 1e-8
        settings.atol = 1e-11
        settings.iterations = 7
        let c = try Self.configuration(settings, open: [])
        #expect(c.solver == "tsit5" && c.rtol == 1e-8 && c.atol == 1e-11 && c.iterations == 7)
        #expect(c.tolerances == ConvergenceTolerances(ftol: 3e-9, xtol: 4e-9, gtol: 5e-9))
        #expect(c.schedule == .cosine(totalSteps: 7, minimum: 1e-4))
    }

    @Test("L-BFGS gets 1000 iterations and first-order tolerances; the forward tolerances of the settings stay")
    func lbfgsDefaults() throws {
        let c = try Self.configuration(Self.settings(strategy: .lbfgs))
        #expect(c.iterations == 1000 && c.solver == "dopri5" && c.rtol == 1e-7 && c.atol == 1e-9)
        #expect(c.tolerances == ConvergenceTolerances(ftol: 2.2e-9, xtol: 1e-10, gtol: 1e-5))
    }

    @Test("auto on a neural model: first-order then L-BFGS, 200 iterations and a 100-iteration polish")
    func neuralDefaults() throws {
        let mlp = ModelSpecification.mlp(hiddenWidths: [16, 16], activation: .tanh, timeInput: false, stateDimension: 2)
        let c = try Self.configuration(Self.settings(strategy: .auto), model: mlp)
        #expect(c.iterations == 200 && c.polishIterations == 100)
    }

    @Test("adjoint tolerances equal to the forward ones follow them (nil); other ones are stored")
    func adjointTolerances() throws {
        let following = try Self.configuration(Self.settings(strategy: .lbfgs, gradient: .adjoint(rtol: 1e-7, atol: 1e-9)))
        #expect(following.gradient == "adjoint" && following.adjointRtol == nil && following.adjointAtol == nil)
        let own = try Self.configuration(Self.settings(strategy: .lbfgs, gradient: .adjoint(rtol: 1e-6, atol: 1e-9)))
        #expect(own.adjointRtol == 1e-6 && own.adjointAtol == 1e-9)
    }

    @Test("MALI cannot drive Levenberg–Marquardt: a FitError naming FitSettings.gradient and FitSettings.strategy")
    func maliWithLevenbergMarquardt() throws {
        #expect(throws: FitError.self) { try Self.configuration(Self.settings(strategy: .levenbergMarquardt, gradient: .mali)) }
        do {
            _ = try Self.configuration(Self.settings(strategy: .levenbergMarquardt, gradient: .mali))
        } catch let error as FitError {
            #expect(error.message.contains("FitSettings.gradient mali") && error.message.contains("FitSettings.strategy"))
        }
    }

    @Test("every FitConfiguration knob set on FitSettings reaches the stored configuration")
    func passThrough() throws {
        var settings = Self.settings(strategy: .lbfgs)
        settings.clipNorm = 2
        settings.trainUntil = 3
        settings.validateUntil = 4
        settings.validationFraction = 0.25
        settings.validateEvery = 3
        settings.patience = 6
        settings.timeWeightBase = 0.5
        settings.bounds = ["alpha": ParameterBounds(lower: 0, upper: 5)]
        settings.restarts = 2
        settings.horizonContinuation = false
        let c = try Self.configuration(settings, open: [])
        #expect(c.clipNorm == 2 && c.trainUntil == 3 && c.validateUntil == 4 && c.validationFraction == 0.25)
        #expect(c.validateEvery == 3 && c.patience == 6 && c.timeWeightBase == 0.5 && c.restarts == 2)
        #expect(c.bounds == ["alpha": ParameterBounds(lower: 0, upper: 5)] && c.horizonContinuation == false)
        // And the plain conversion carries them too.
        #expect(settings.configuration(model: Self.lotkaVolterra).clipNorm == 2)
    }
}
