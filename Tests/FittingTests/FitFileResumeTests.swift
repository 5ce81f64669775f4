import Datasets
import Fitting
import Foundation
import HDF5Kit
import Models
import Optimizers
import TestSupport
import Testing

/// A fit file continued or predicted from: `FitCheckpoint.resumedConfiguration(iterations:)` and
/// `FittedModel.initialStates(data:)`, what `orrery fit --resume` and `orrery predict` use.
@Suite("Fit file resume and prediction starts")
struct FitFileResumeTests {
    /// A Lotka–Volterra fit stopped after 2 of 20 iterations (AdaBelief state for its 4 parameters).
    static func checkpoint() throws -> (FitCheckpoint, FitConfiguration) {
        let model = try BuiltInModel(name: "lotka-volterra").specification(stateDimension: 2)
        let configuration = FitConfiguration(data: .init(path: "lv.h5"), model: model, optimizer: .adaBelief(.pytorch021), iterations: 20)
        let blocks = try model.parameterBlocks().map { FitCheckpoint.Block(name: $0.name, range: $0.range) }
        var history = FitHistory()
        history.append(loss: 0.5, validationLoss: .nan, functionEvaluations: 10, seconds: 0.01)
        history.append(loss: 0.25, validationLoss: .nan, functionEvaluations: 10, seconds: 0.01)
        let checkpoint = FitCheckpoint(
            blocks: blocks, parameters: [1.4, 0.9, 1.1, 2.6], bestParameters: [1.3, 0.8, 1.2, 2.7], bestValidationLoss: 0.25,
            bestIteration: 2, iteration: 2,
            optimizerState: OptimizerState(optimizer: "AdaBelief", step: 2, buffers: [
                .init(name: "exp_avg", values: [0.1, -0.2, 0.3, 0]), .init(name: "exp_avg_var", values: [1, 2, 3, 4]),
            ]),
            history: history, configurationJSON: try configuration.jsonString(), attributes: [:], status: "running")
        return (checkpoint, configuration)
    }

    @Test("the stored configuration; a new iteration target replaces it but never falls below the iterations run")
    func resumedConfiguration() throws {
        let (checkpoint, configuration) = try Self.checkpoint()
        #expect(try checkpoint.resumedConfiguration() == configuration)
        var longer = configuration
        longer.iterations = 50
        #expect(try checkpoint.resumedConfiguration(iterations: 50) == longer)
        #expect(try checkpoint.resumedConfiguration(iterations: 1).iterations == 2)
        var broken = checkpoint
        broken.configurationJSON = "{"
        #expect(throws: (any Error).self) { try broken.resumedConfiguration() }
    }

    @Test("a prediction starts from each trajectory's /initial_state at its start time; data of another dimension are refused")
    func predictionStarts() throws {
        let path = try TestSupport.temporaryDirectory().appendingPathComponent("lv-fit.h5").path
        try Self.checkpoint().0.write(to: path)
        let fitted = try FittedModel(reading: path)
        #expect(fitted.parameters == [1.3, 0.8, 1.2, 2.7])
        let data = try GradientStudyTests.dataset()
        let (states, times) = try fitted.initialStates(data: data)
        #expect(states == [[1, 0.5], [0.8, 0.7]] && times == data.initialTimes)
        #expect(throws: FitError("the fit's data have 12 components, the model 2")) {
            try fitted.initialStates(data: BuiltInModelDatasetTests.dataset(g: nil))
        }
    }
}
