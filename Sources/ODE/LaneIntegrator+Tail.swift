extension LaneIntegrator {
    /// Whether to finish the remaining solves one at a time: once no job is left and at most a
    /// quarter of the lanes are busy (typically one long trajectory, e.g. a close encounter), a
    /// wide trial step costs about as much as with every lane busy, while a scalar step costs a
    /// fraction of it, and no other work can fill the lanes. (Measured, 2 threads × 8 lanes: a
    /// straggler kept one thread busy for a third of the run while the other waited.)
    @inlinable
    func finishesAlone(exhausted: Bool, active: Int, width w: Int) -> Bool {
        exhausted && active <= max(1, w / 4)
    }

    /// Continues `run` from its prepared `trial` to the end with the scalar stepper — the loop of
    /// `IntegrationRun.runAdaptive`, so the same steps and bits as in lanes (the run holds the whole
    /// state between trials: `y`, `k₁`, the proposed step, the counters) — and reports it.
    @inlinable
    func finishAlone(_ run: IntegrationRun<Field, NoRecording>, trial first: AdaptiveTrial, id: Int,
                     done: (Int, Result<Solution, ODEError>) -> Void) {
        do throws(ODEError) {
            var trial = first
            while true {
                run.solution.stats.functionEvaluations += run.stepper.step(
                    t: run.t, h: trial.h, y: run.yBuffer, parameters: run.p,
                    into: UnsafeMutableBufferPointer(start: run.yNew, count: n), firstStageReady: true)
                let err = run.stepper.errorNorm(h: trial.h, y: run.y, yNew: run.yNew, rtol: controller.relativeTolerance,
                                                atol: controller.absoluteTolerance)
                try run.concludeTrial(trial, error: err, controller)
                if run.isFinished { break }
                trial = try run.prepareTrial(controller)
            }
            done(id, .success(run.solution))
        } catch {
            done(id, .failure(error))
        }
    }
}
