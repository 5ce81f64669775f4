import Foundation
import Models
import ODE
import Optimizers

extension FitCheckpoint {
    /// Checks that the fit file is whole and self-consistent before anything uses it, so a
    /// damaged or hand-edited file fails on open with one line instead of trapping later in
    /// `evaluate` or `--resume`: every setting in range, the model buildable and matching the
    /// stored parameter blocks, the optimizer state sized to the parameters.
    public func validate(file: String) throws {
        func fail(_ message: String) -> FitError { FitError("\(file) is not a usable fit file: \(message)") }
        guard !blocks.isEmpty else { throw fail("/model@parameter_order names no parameter blocks") }
        guard Set(blocks.map(\.name)).count == blocks.count else { throw fail("/model@parameter_order repeats a block") }
        guard parameters.count == bestParameters.count else {
            throw fail("/model/parameters has \(parameters.count) values but /model/best_parameters has \(bestParameters.count)")
        }
        guard iteration >= 0, bestIteration >= 0, optimizerState.step >= 0 else { throw fail("negative iteration or step counts") }
        guard history.loss.count == iteration, history.validationLoss.count == iteration, history.functionEvaluations.count == iteration else {
            throw fail("/history holds \(history.loss.count) iterations, the file says \(iteration) were completed")
        }
        let configuration: FitConfiguration
        do { configuration = try FitConfiguration(jsonString: configurationJSON) } catch {
            throw fail("its config_json does not describe a fit (\(error))")
        }
        try validate(configuration, fail: fail)
        let (d, modelCount, modelBlocks): (Int, Int, [Block])
        do {
            let field = try configuration.model.makeField()
            (d, modelCount) = (field.dimension, field.parameterCount)
            modelBlocks = field.parameterBlocks.map { Block(name: $0.name, range: $0.range) }
        } catch {
            throw fail("its model cannot be built (\(error))")
        }
        var expected = modelBlocks
        if configuration.learnInitialState, let last = blocks.last, last.name == "initial_state" {
            guard last.range.count > 0, last.range.count % d == 0 else {
                throw fail("the initial_state block has \(last.range.count) values, not a multiple of the state dimension \(d)")
            }
            expected.append(Block(name: "initial_state", range: modelCount..<(modelCount + last.range.count)))
        }
        guard blocks == expected else {
            throw fail("its parameter blocks (\(describe(blocks))) do not match its model \(configuration.model.description) (\(describe(expected)))")
        }
        if let count = optimizerState.parameterCount, count != parameters.count {
            throw fail("the optimizer state is for \(count) parameters, the model has \(parameters.count)")
        }
        for buffer in optimizerState.buffers where buffer.values.count != parameters.count {
            throw fail("optimizer buffer \(buffer.name) has \(buffer.values.count) values for \(parameters.count) parameters")
        }
        if let components = configuration.observedComponents {
            guard !components.isEmpty, components.allSatisfy({ (0..<d).contains($0) }) else {
                throw fail("observedComponents \(components) must be indices in 0..<\(d)")
            }
        }
    }

    private func validate(_ c: FitConfiguration, fail: (String) -> FitError) throws {
        guard c.iterations >= 0, c.validateEvery > 0, c.checkpointEvery > 0, (c.batchSize ?? 1) > 0, (c.patience ?? 0) >= 0 else {
            throw fail("iterations, validateEvery, checkpointEvery, batchSize or patience out of range")
        }
        guard c.rtol > 0, c.rtol.isFinite, c.atol >= 0, c.atol.isFinite,
              (c.adjointRtol ?? 1) > 0, (c.adjointRtol ?? 1).isFinite, (c.adjointAtol ?? 0) >= 0, (c.adjointAtol ?? 0).isFinite else {
            throw fail("tolerances must be finite, rtol > 0 and atol ≥ 0")
        }
        guard ButcherTableau.named(c.solver)?.isAdaptive == true || c.solver == "alf" else {
            throw fail("solver \(c.solver) is not an adaptive method")
        }
        guard (0..<1).contains(c.validationFraction), (c.clipNorm ?? 1) > 0, (c.clipNorm ?? 1).isFinite,
              c.trainUntil?.isFinite ?? true, (c.timeWeightBase ?? 1) > 0, (c.timeWeightBase ?? 1).isFinite else {
            throw fail("validationFraction, clipNorm, trainUntil or timeWeightBase out of range")
        }
        do {
            try c.optimizer.configuration.validate()
            try c.schedule.validate()
        } catch {
            throw fail("\(error)")
        }
    }

    private func describe(_ blocks: [Block]) -> String {
        blocks.map { "\($0.name) \($0.range.count)" }.joined(separator: ", ")
    }
}
