import Datasets
import Fitting
import Models
import Optimizers
import TestSupport
import Testing

@Suite("Fit observation mode")
struct FitObservationModeTests {
    func configuration(_ mode: String?) -> FitConfiguration {
        var adaBelief = AdaBeliefConfiguration.pytorch021
        adaBelief.learningRate = 1e-2
        return FitConfiguration(
            data: .init(path: "in-memory"),
            model: .timeSeries(system: .linear, dimension: 2, parameters: [-0.2, 1.8, -2.1, -0.05], learn: true),
            observationMode: mode, rtol: 1e-7, atol: 1e-9, optimizer: .adaBelief(adaBelief), iterations: 15)
    }

    @Test("dense observations: same loss to tolerance, fewer evaluations when observations are dense; old files decode")
    func denseAgreesWithStep() throws {
        let dataset = ExampleDataset.spiral(count: 3, samples: 200, tEnd: 5, noise: 0, seed: 3)
        let directory = try TestSupport.temporaryDirectory()
        let step = try Trainer.fit(configuration: configuration("step"), dataset: dataset,
                                   output: directory.appendingPathComponent("step.h5").path, threads: 2)
        let dense = try Trainer.fit(configuration: configuration("dense"), dataset: dataset,
                                    output: directory.appendingPathComponent("dense.h5").path, threads: 2)
        #expect(step.history.loss.count == 15 && dense.history.loss.count == 15)
        #expect(abs(dense.history.loss[0] - step.history.loss[0]) <= 1e-5 * step.history.loss[0])
        #expect(dense.history.loss.last! < 0.5 * dense.history.loss[0])
        #expect(dense.history.functionEvaluations[0] < step.history.functionEvaluations[0])
        // A configuration written before the option existed has no key and means "step".
        let old = try configuration(nil).jsonString()
        #expect(!old.contains("observationMode"))
        #expect(try FitConfiguration(jsonString: old).observationMode == nil)
        #expect(try FitConfiguration(jsonString: configuration("dense").jsonString()).observationMode == "dense")
        #expect(throws: FitError.self) {
            _ = try Trainer.fit(configuration: configuration("linear"), dataset: dataset,
                                output: directory.appendingPathComponent("bad.h5").path, threads: 2)
        }
    }
}
