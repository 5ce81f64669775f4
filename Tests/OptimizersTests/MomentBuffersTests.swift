import Foundation
import Optimizers
import Testing

/// The shared optimizer state: layout, saving and the checks on restoring.
@Suite("MomentBuffers")
struct MomentBuffersTests {
    @Test("an optimizer's buffers are its state's buffers, by name and in order, after steps")
    func stateIsTheBuffers() throws {
        var adam = AdamConfiguration.adam
        adam.amsgrad = true
        var optimizer = try Adam(configuration: adam, parameterCount: 3)
        var x = [1.0, -2, 0.5]
        for _ in 0..<4 { optimizer.step(parameters: &x, gradient: x.map { 2 * $0 - 0.3 }) }
        let state = optimizer.state
        #expect(state.step == 4 && optimizer.stepCount == 4 && state.parameterCount == 3)
        #expect(state.buffers.map(\.name) == ["exp_avg", "exp_avg_sq", "max_exp_avg_sq"])
        #expect(optimizer.moments.names == state.buffers.map(\.name))
        for buffer in state.buffers {
            #expect(Array(try #require(optimizer.moments[buffer.name])) == buffer.values)
            #expect(buffer.values.contains { $0 != 0 }, "\(buffer.name) moved")
        }
        #expect(optimizer.moments["momentum_buffer"] == nil)
    }

    @Test("restoring checks the optimizer, the names and the counts, and names what is wrong")
    func restoreChecks() throws {
        var moments = MomentBuffers(optimizer: "Adam", names: ["exp_avg", "exp_avg_sq"], parameterCount: 2)
        let good = OptimizerState(optimizer: "Adam", step: 7, buffers: [.init(name: "exp_avg", values: [1, 2]),
                                                                         .init(name: "exp_avg_sq", values: [3, 4])])
        try moments.restore(good)
        #expect(moments.step == 7 && moments.state == OptimizerState(
            optimizer: "Adam", step: 7, buffers: good.buffers, parameterCount: 2))
        var foreign = good
        foreign.optimizer = "RAdam"
        var renamed = good
        renamed.buffers[1].name = "exp_avg_var"
        var short = good
        short.buffers[0].values = [1]
        for (bad, words) in [(foreign, "RAdam"), (renamed, "exp_avg_var"), (short, "1 values")] {
            let error = #expect(throws: OptimizerError.self) { try moments.restore(bad) }
            #expect(error.map { "\($0)".contains(words) } == true, "\(String(describing: error)) names \(words)")
        }
        #expect(moments.state.step == 7, "a refused state changes nothing")
        #expect(Array(moments["exp_avg_sq"]!) == [3, 4])
    }
}
