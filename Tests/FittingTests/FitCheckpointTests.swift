import Fitting
import Models
import HDF5Kit
import Optimizers
import TestSupport
import Testing

@Suite("Fit checkpoints")
struct FitCheckpointTests {
    @Test("a checkpoint round-trips bit for bit, and h5py-readable groups are where the schema says")
    func roundTrip() throws {
        var history = FitHistory()
        history.append(loss: 0.5, validationLoss: .nan, functionEvaluations: 120, seconds: 0.01)
        history.append(loss: 0.25, validationLoss: 0.3, functionEvaluations: 118, seconds: 0.02)
        // A real configuration: the file is validated on read, so its blocks must be those of its model.
        let configuration = FitConfiguration(data: .init(path: "data.h5"), model: .nBody(bodies: 3, learn: [.masses, .G]),
                                             optimizer: .adaBelief(.pytorch021))
        let blocks = try configuration.model.parameterBlocks().map { FitCheckpoint.Block(name: $0.name, range: $0.range) }
        #expect(blocks.map(\.range.count).reduce(0, +) == 4)
        let checkpoint = FitCheckpoint(
            blocks: blocks,
            parameters: [1.1, 1.0999999999999999, 0.9, 1], bestParameters: [1.05, 1.0, 0.95, 1],
            bestValidationLoss: 0.3, bestIteration: 2, iteration: 2,
            optimizerState: OptimizerState(optimizer: "AdaBelief", step: 2, buffers: [
                .init(name: "exp_avg", values: [0.1, -0.2, 1e-300, 0]), .init(name: "exp_avg_var", values: [1, 2, 3, 4]),
            ]),
            history: history, configurationJSON: try configuration.jsonString(),
            attributes: ["optimizer": .string("adabelief"), "lr": .double(1e-2), "seed": .integer(3)], status: "running")
        let path = try TestSupport.temporaryDirectory().appendingPathComponent("fit.h5").path
        try checkpoint.write(to: path)
        let read = try FitCheckpoint.read(from: path)
        #expect(read.parameters.map(\.bitPattern) == checkpoint.parameters.map(\.bitPattern))
        #expect(read.history.validationLoss[0].isNaN && read.history.loss == checkpoint.history.loss)
        #expect(read.blocks == checkpoint.blocks && read.optimizerState == checkpoint.optimizerState)
        #expect(read.bestParameters == checkpoint.bestParameters && read.iteration == 2 && read.status == "running")
        #expect(read.configurationJSON == checkpoint.configurationJSON)
        #expect(read.attributes["lr"] == .double(1e-2))
        let root = try HDF5File.open(path).root
        #expect(try root.attribute("kind") == .string("fit"))
        #expect(try root.read("model/parameters/" + blocks[0].name, as: Double.self).values == Array([1.1, 1.0999999999999999, 0.9, 1][blocks[0].range]))
        #expect(try root.read("optimizer/state/exp_avg_var", as: Double.self).values == [1, 2, 3, 4])
        #expect(throws: HDF5Error.self) {
            let other = try TestSupport.temporaryDirectory().appendingPathComponent("data.h5").path
            try HDF5File.writeAtomically(to: other) { try $0.root.setAttribute("kind", "dataset") }
            _ = try FitCheckpoint.read(from: other)
        }
    }
}
