import Fitting
import Foundation
import Gradients
import Models
import ODE
import Optimizers
import Physics
import Testing

/// The typed library entry: `Trainer.fit(field:…, settings:)` on a field that is neither built in nor named.
@Suite("Typed fitting API")
struct TypedFitTests {
    /// Lotka–Volterra observed at t = 0.5, 1, …, 10 from (1, 0.5) at the published parameters (tight solve).
    static func data(truth: [Double] = LotkaVolterra.defaultParameters) throws -> FitData {
        let times = (1...20).map { 0.5 * Double($0) }
        let solution = try solve(LotkaVolterra(), from: 0, to: 10, initialState: [1, 0.5], parameters: truth,
                                 rtol: 1e-12, atol: 1e-12, saveAt: times)
        return try FitData(trajectories: [.init(index: 0, initialState: [1, 0.5],
                                                 observations: Observations(times: times, values: solution.savedStates))])
    }

    static func settings(threads: Int, iterations: Int = 1000) -> FitSettings {
        var adaBelief = AdaBeliefConfiguration.pytorch021
        adaBelief.learningRate = 0.01
        return FitSettings(optimizer: .adaBelief(adaBelief), iterations: iterations, threads: threads, gradient: .aca,
                           rtol: 1e-9, atol: 1e-9, schedule: .exponential(gamma: 0.998))
    }

    @Test("ACA + AdaBelief recover Lotka–Volterra's parameters; every checkpoint reaches the sink; threads do not change a bit")
    func recoversParameters() throws {
        let data = try Self.data(), start = [1.3, 0.8, 1.2, 2.7]
        var saved: [FitCheckpoint] = []
        var settings = Self.settings(threads: 1)
        settings.checkpointEvery = 400
        let fit = try Trainer.fit(field: LotkaVolterra(), initialParameters: start, parameterNames: ["alpha", "beta", "delta", "gamma"],
                                  data: data, settings: settings, checkpoints: FitCheckpointSink("memory") { saved.append($0) })
        let error = zip(fit.bestParameters, LotkaVolterra.defaultParameters).map { abs($0 - $1) / $1 }.max()!
        #expect(error < 5e-3, "\(fit.bestParameters)")
        #expect(fit.bestValidationLoss < 1e-4 * data.observedRMS * data.observedRMS)
        // Checkpoints at iterations 400 and 800, then the final one.
        #expect(saved.map(\.iteration) == [400, 800, fit.iteration])
        #expect(saved.last?.bestParameters == fit.bestParameters)
        #expect(fit.blocks.map(\.name) == ["alpha", "beta", "delta", "gamma"])
        let stored = try FitConfiguration(jsonString: fit.configurationJSON)
        #expect(stored.model == .custom(name: "LotkaVolterra", stateDimension: 2, parameterNames: ["alpha", "beta", "delta", "gamma"]))
        #expect(stored.gradient == "aca" && stored.solver == "dopri5" && stored.iterations == 1000)
        let parallel = try Trainer.fit(field: LotkaVolterra(), initialParameters: start, parameterNames: ["alpha", "beta", "delta", "gamma"],
                                       data: data, settings: { var s = settings; s.threads = 3; return s }())
        #expect(parallel.bestParameters == fit.bestParameters)
    }

    @Test("the typed entry runs the same loop as the stored configuration: identical parameters")
    func sameAsStoredConfiguration() throws {
        let data = try Self.data(), start = [1.3, 0.8, 1.2, 2.7], settings = Self.settings(threads: 1, iterations: 20)
        let typed = try Trainer.fit(field: LotkaVolterra(), initialParameters: start, data: data, settings: settings)
        let stored = try Trainer.fit(field: LotkaVolterra(), initialParameters: start,
                                     configuration: settings.configuration(model: .timeSeries(system: .lotkaVolterra)),
                                     data: data, checkpoints: nil, threads: 1)
        #expect(typed.bestParameters == stored.bestParameters)
        #expect(typed.history.loss == stored.history.loss)
    }

    @Test("invalid settings fail before any solve, naming the FitSettings property to change",
          arguments: [("threads", 0), ("tableau", 1), ("iterations", 2), ("names", 3), ("dimension", 4)])
    func errorsNameKnobs(knob: String, index: Int) throws {
        var settings = Self.settings(threads: 1)
        var names: [String]? = nil
        var field = LinearSystem(dimension: 2)
        switch index {
        case 0: settings.threads = 0
        case 1: settings.tableau = .rk4
        case 2: settings.iterations = -1
        case 3: names = ["a", "a", "b", "c"]
        default: field = LinearSystem(dimension: 3)
        }
        do {
            _ = try Trainer.fit(field: field, initialParameters: [Double](repeating: 0, count: field.parameterCount),
                                parameterNames: names, data: try Self.data(), settings: settings)
            Issue.record("\(knob): no error")
        } catch let error as FitError {
            let expected = ["FitSettings.threads", "FitSettings.tableau", "FitSettings.iterations", "parameterNames", "Field.dimension"][index]
            #expect(error.message.contains(expected), "\(error.message)")
        }
    }

    @Test("observation times out of order, before t0 or not finite: the first offending time is named",
          arguments: [([1.0, 3, 2], "times[2] = 2.0 does not follow times[1] = 3.0"), ([-1.0, 1, 2], "times[0] = -1.0 is before t0"),
                      ([1.0, .nan, 2], "times[1] is nan"), ([1.0, 1, 2], "times[1] = 1.0 does not follow times[0] = 1.0")])
    func badTimes(times: [Double], expected: String) throws {
        let observations = Observations(times: times, values: [1, 2, 3])
        #expect {
            _ = try FitData(trajectories: [.init(index: 0, initialState: [0.5], observations: observations)])
        } throws: { error in
            let message = (error as? FitError)?.message ?? ""
            return message.hasPrefix("trajectory 0: observation times must increase from t0 = 0.0: ") && message.hasSuffix(expected)
        }
    }

    @Test("FitSettings.defaults is orrery fit without flags: auto picks Levenberg–Marquardt with its solver, tolerances and budget; converged")
    func defaultsResolveForTheStrategy() throws {
        let data = try Self.data(), start = [1.3, 0.8, 1.2, 2.7]
        let fit = try Trainer.fit(field: LotkaVolterra(), initialParameters: start, data: data, settings: .defaults(threads: 1))
        #expect(fit.status == FitStatus.converged.rawValue, "\(fit.status) after \(fit.iteration) iterations")
        let error = zip(fit.bestParameters, LotkaVolterra.defaultParameters).map { abs($0 - $1) / $1 }.max()!
        #expect(error < 1e-6, "\(fit.bestParameters)")
        let stored = try FitConfiguration(jsonString: fit.configurationJSON)
        #expect(stored.strategy == .auto && stored.solver == "dop853" && stored.rtol == 1e-10 && stored.atol == 1e-12 && stored.iterations == 100)
        #expect(stored.tolerances == ConvergenceTolerances(ftol: 1e-10, xtol: 1e-10, gtol: 1e-8))
        // Given values are kept: a first-order fit with everything given resolves nothing.
        let given = Self.settings(threads: 1, iterations: 7)
        let same = try given.resolving(given.strategyDefaults, for: .firstOrder)
        #expect(same.iterations == 7 && same.rtol == 1e-9 && same.tableau == .dormandPrince5 && same.tolerances == nil)
    }
}
