import Testing
import Optimizers

/// Replays every configuration of the reference file and compares all 60 steps.
@Suite("Reference trajectories (adabelief-pytorch 0.2.1, torch.optim)")
struct ReferenceTrajectoryTests {
    /// Largest element-wise |ours − theirs| / |theirs| over the trajectory (absolute where theirs is 0),
    /// and how many entries differ at all.
    static func deviation(_ c: ReferenceTrajectories.Case, rounding: MultiplyAddRounding)
        -> (relative: Double, differing: Int, total: Int)
    {
        let problem = ReferenceTrajectories.shared.problems[c.problem]!
        let config = problem.configs.first { $0.name == c.config }!
        let gradient = TestProblem.gradient(c.problem)
        var optimizer = try! config.specification(rounding: rounding).makeOptimizer(parameterCount: problem.x0.count)
        var x = problem.x0
        var worst = 0.0, differing = 0, total = 0
        for k in 0...ReferenceTrajectories.shared.steps {
            if k > 0 { optimizer.step(parameters: &x, gradient: gradient(x)) }
            for (ours, theirs) in zip(x, config.trajectory[k]) {
                total += 1
                if ours != theirs { differing += 1 }
                let d = abs(ours - theirs) / (theirs == 0 ? 1 : abs(theirs))
                worst = max(worst, d.isNaN ? .infinity : d)
            }
        }
        return (worst, differing, total)
    }

    @Test("separate rounding matches to 1e-12 relative", arguments: ReferenceTrajectories.cases)
    func separateRounding(_ c: ReferenceTrajectories.Case) {
        let d = Self.deviation(c, rounding: .separate)
        print("reference \(c.testDescription) separate: max rel dev \(d.relative), \(d.differing)/\(d.total) differ")
        #expect(d.relative <= 1e-12)
    }

    @Test("fused rounding (PyTorch's AVX2 kernels) matches to 1e-12 relative", arguments: ReferenceTrajectories.cases)
    func fusedRounding(_ c: ReferenceTrajectories.Case) {
        let d = Self.deviation(c, rounding: .fused)
        print("reference \(c.testDescription) fused: max rel dev \(d.relative), \(d.differing)/\(d.total) differ")
        #expect(d.relative <= 1e-12)
    }

    /// With fused rounding most configurations reproduce PyTorch bit for bit. Five AdaBelief runs differ by
    /// 1–3 ulps from some step on (first at steps 9–52); which PyTorch kernel rounds differently there is not
    /// identified (addcdiv, sqrt and the scalar step sizes were ruled out against a Python replica).
    @Test("fused rounding is bit-exact for at least 34 of 39 configurations")
    func fusedBitExact() {
        let exact = ReferenceTrajectories.cases.filter { Self.deviation($0, rounding: .fused).differing == 0 }
        print("reference: \(exact.count)/\(ReferenceTrajectories.cases.count) configurations bit-exact with fused rounding")
        #expect(exact.count >= 34)
    }

    @Test("the reference file covers 13 configurations on 3 problems")
    func coverage() {
        #expect(ReferenceTrajectories.shared.problems.count == 3)
        #expect(ReferenceTrajectories.cases.count == 39)
    }
}
