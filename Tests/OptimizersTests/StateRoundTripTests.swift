import Foundation
import Testing
import Optimizers

/// Saving the state mid-run and restoring it into a new optimizer continues the run bit for bit.
@Suite("Save and restore")
struct StateRoundTripTests {
    static let specifications: [OptimizerSpecification] = {
        var amsgradRectified = AdaBeliefConfiguration.pytorch021
        amsgradRectified.amsgrad = true
        amsgradRectified.weightDecay = 1e-2
        var paper = AdaBeliefConfiguration.paper
        paper.weightDecay = 5e-4
        var adam = AdamConfiguration.adam
        adam.amsgrad = true
        adam.weightDecay = 1e-3
        return [
            .adaBelief(.pytorch021), .adaBelief(amsgradRectified), .adaBelief(paper),
            .adam(adam), .adam(.adamW), .radam(.torch),
            .sgd(SGDConfiguration(learningRate: 1e-3, momentum: 0.9, dampening: 0, weightDecay: 1e-3, nesterov: true)),
            .sgd(SGDConfiguration(learningRate: 1e-3, momentum: 0, dampening: 0, weightDecay: 0, nesterov: false)),
        ]
    }()

    /// A 7-dimensional non-quadratic gradient so that all moments vary.
    static func gradient(_ x: [Double]) -> [Double] {
        x.enumerated().map { i, v in Double(i + 1) * v + 0.3 * (v * v * v) - 0.5 * Double(i % 3) }
    }

    static func run(_ spec: OptimizerSpecification, steps: Int, interruptAt: Int?) throws -> [Double] {
        var x: [Double] = [1.5, -2, 0.25, 3, -0.75, 0.1, 2]
        var optimizer = try spec.makeOptimizer(parameterCount: x.count)
        let schedule = LearningRateSchedule.cosine(totalSteps: steps, minimum: 1e-5)
        for t in 0..<steps {
            if t == interruptAt {
                // Through JSON, as a fit's checkpoint would go through a file.
                let data = try JSONEncoder().encode(optimizer.state)
                let saved = try JSONDecoder().decode(OptimizerState.self, from: data)
                optimizer = try spec.makeOptimizer(parameterCount: x.count)
                try optimizer.restore(saved)
            }
            let lr = schedule.learningRate(base: spec.configuration.learningRate, completedSteps: t)
            optimizer.step(parameters: &x, gradient: gradient(x), learningRate: lr)
        }
        return x
    }

    @Test("interrupted run equals uninterrupted run bit for bit", arguments: specifications)
    func resumeIsBitExact(_ spec: OptimizerSpecification) throws {
        let straight = try Self.run(spec, steps: 80, interruptAt: nil)
        for cut in [1, 5, 37] {
            let resumed = try Self.run(spec, steps: 80, interruptAt: cut)
            #expect(resumed == straight, "\(spec.optimizerName) resumed at step \(cut)")
        }
        #expect(straight.allSatisfy { $0.isFinite })
    }

    @Test("the state names its buffers like PyTorch and counts steps")
    func stateLayout() throws {
        var opt = try AdaBelief(configuration: .pytorch021, parameterCount: 3)
        var x = [1.0, 2, 3]
        opt.step(parameters: &x, gradient: [0.1, 0.2, 0.3])
        let s = opt.state
        #expect(s.optimizer == "AdaBelief")
        #expect(s.step == 1)
        #expect(s.buffers.map(\.name) == ["exp_avg", "exp_avg_var"])
        // First step: m = (1 − β₁)g, as 0.9·0 + 0.09999999999999998·g.
        #expect(s["exp_avg"]! == [0.1, 0.2, 0.3].map { (1 - 0.9) * $0 })
        let rebuilt = try AdaBelief(configuration: .pytorch021, state: s)
        #expect(rebuilt.state == s)
    }

    @Test("restoring a foreign or misshapen state is refused")
    func mismatchedStateIsRefused() throws {
        var adaBelief = try AdaBelief(configuration: .pytorch021, parameterCount: 4)
        let adamState = try Adam(configuration: .adam, parameterCount: 4).state
        #expect(throws: OptimizerError.self) { try adaBelief.restore(adamState) }
        let short = try AdaBelief(configuration: .pytorch021, parameterCount: 3).state
        #expect(throws: OptimizerError.self) { try adaBelief.restore(short) }
        var amsgrad = AdaBeliefConfiguration.pytorch021
        amsgrad.amsgrad = true
        let withMax = try AdaBelief(configuration: amsgrad, parameterCount: 4).state
        #expect(throws: OptimizerError.self) { try adaBelief.restore(withMax) }
        var negative = adaBelief.state
        negative.step = -1
        #expect(throws: OptimizerError.self) { try adaBelief.restore(negative) }
    }
}
