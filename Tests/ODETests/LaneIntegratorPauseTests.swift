import Foundation
import ODE
import Testing

/// `LaneIntegrator.run(next:done:pausesWhen:)`: the estimate of the longest solve's remaining
/// evaluations, and a paused run leaving the queue to the next call.
@Suite("Lane integrator pauses: remaining-cost estimate, queue left for the next call, solves unchanged")
struct LaneIntegratorPauseTests {
    static let kernelSets = LaneIntegratorKernels.allCases.filter(\.isAvailable)
    static let controller = StepSizeController(rtol: 1e-10, atol: 1e-10)

    /// A circular Kepler orbit (period 2π, the same step size all along) to `t1`, saved at its end.
    func orbit(_ id: Int, to t1: Double) -> LaneIntegrator<KeplerField>.Job {
        .init(id: id, t0: 0, t1: t1, initialState: KeplerOrbit(e: 0).initialState, parameters: [], saveAt: [t1])
    }

    func reference(_ job: LaneIntegrator<KeplerField>.Job) -> Solution? {
        try? solve(KeplerField(), from: job.t0, to: job.t1, initialState: job.initialState, parameters: job.parameters,
                   method: .dormandPrince5, stepSize: .adaptive(Self.controller),
                   options: SolveOptions(saveAt: job.saveAt, recordSteps: false))
    }

    @Test("a long circular orbit among short ones: the first estimate is its evaluations to go (within 1 %)")
    func estimate() throws {
        let long = orbit(0, to: 2 * Double.pi * 600)
        let total = Double(try #require(reference(long)).stats.functionEvaluations)
        for kernels in Self.kernelSets {
            var queue = ([long] + (1...400).map { orbit($0, to: 2 * Double.pi) })[...]
            var first: Double?, longDone = false
            let lanes = LaneIntegrator(field: KeplerField(), tableau: .dormandPrince5, controller: Self.controller)
            lanes.kernels = kernels
            lanes.run(next: { queue.popFirst() }, done: { id, _ in if id == 0 { longDone = true } }, pausesWhen: { remaining in
                if first == nil && remaining > 0 { first = remaining }
                return false
            })
            // The short orbits cost the same evaluations each, so `first` came when the long one
            // had done at least a window (4096) and at most a window plus one short orbit's worth.
            let short = Double(try #require(reference(orbit(1, to: 2 * Double.pi))).stats.functionEvaluations)
            let estimate = try #require(first, "\(kernels): no estimate while the long orbit ran")
            #expect(longDone)
            #expect(estimate <= total - 4096 + 0.01 * total && estimate >= total - 4096 - short - 0.01 * total,
                    "\(kernels): estimate \(estimate), evaluations in all \(total)")
        }
    }

    @Test("a paused run finishes what its lanes hold and leaves the rest; every solve still equals solve's")
    func pauseLeavesQueue() throws {
        let jobs = [orbit(0, to: 2 * Double.pi * 60)] + (1...60).map { orbit($0, to: 2 * Double.pi * Double(1 + $0 % 3)) }
        for kernels in Self.kernelSets {
            var queue = jobs[...], out: [Int: Solution] = [:], calls: [Bool] = [], leftAfterPause: [Int] = []
            let lanes = LaneIntegrator(field: KeplerField(), tableau: .dormandPrince5, controller: Self.controller)
            lanes.kernels = kernels
            var paused = true
            while paused {
                paused = lanes.run(next: { queue.popFirst() }, done: { id, result in out[id] = try? result.get() },
                                   pausesWhen: { remaining in remaining > 0 && out[0] == nil })
                calls.append(paused)
                if paused { leftAfterPause.append(queue.count) }
            }
            #expect(calls.first == true && calls.last == false, "\(kernels): \(calls)")
            #expect(leftAfterPause.first.map { $0 > 0 } == true, "\(kernels): the pause left no job")
            #expect(out.count == jobs.count)
            for job in jobs {
                let lane = try #require(out[job.id]), solo = try #require(reference(job))
                #expect(lane.savedStates.map(\.bitPattern) == solo.savedStates.map(\.bitPattern) && lane.stats == solo.stats,
                        "\(kernels) #\(job.id)")
            }
        }
    }

    @Test("a pausesWhen that always answers true: each call still finishes solves, and all jobs end")
    func alwaysPausing() {
        let jobs = (0..<30).map { orbit($0, to: 2 * Double.pi * Double(1 + $0 % 4)) }
        for kernels in Self.kernelSets {
            var queue = jobs[...], finished = 0, calls = 0
            let lanes = LaneIntegrator(field: KeplerField(), tableau: .dormandPrince5, controller: Self.controller)
            lanes.kernels = kernels
            while calls <= jobs.count, lanes.run(next: { queue.popFirst() }, done: { _, _ in finished += 1 }, pausesWhen: { _ in true }) {
                calls += 1
            }
            #expect(finished == jobs.count && queue.isEmpty, "\(kernels): \(finished) of \(jobs.count) after \(calls) paused calls")
            #expect(calls >= 1, "\(kernels): never paused")
        }
    }
}
