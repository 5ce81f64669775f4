import LaneKernels

/// Who holds a solve's state between steps. Its lanes always hold `y` and `k₁`; the run's own
/// copies are brought up to date only where the run reads them: at a step that saves or ends
/// (dense output, the final state), at one whose values may not be finite (the run's check names
/// the component), before the run goes on alone, and for non-FSAL methods (whose run computes
/// `f(t⁺, y⁺)` itself). Between those steps the run keeps only the clock component current, the
/// one its saves and failure reports read (``IntegrationRun/stateInLanes``). The run's arithmetic
/// is untouched, so the solution is the same bit for bit; what is saved is two copies of the state
/// and two finiteness scans per trajectory and step.
extension LaneIntegrator {
    /// Hands lane `lane`'s accepted `trial` to its run before `concludeTrial`: the clock
    /// component of `y⁺` and of the last stage always, the whole state when the run will read it.
    /// `maybeNonFinite`: ``maybeNonFinite(width:_:_:)`` of `y⁺` and the last stage.
    @inlinable
    func handOver(_ lane: Int, width w: Int, to run: IntegrationRun<Field, NoRecording>, trial: AdaptiveTrial,
                  yNew out: UnsafeMutablePointer<Double>, maybeNonFinite: Int) {
        let lastRow = stages + (s - 1) * n * w, last = run.stepper.stage(s - 1)
        if let c = run.clock { run.yNew[c] = out[c &* w &+ lane]; last[c] = lastRow[c &* w &+ lane] }
        let tNew = trial.landing ? trial.target : run.t + trial.h
        let saves = run.storeDense || run.savesInStep(endingAt: tNew), stale = run.stateInLanes
        run.stateInLanes = maybeNonFinite & (1 &<< lane) == 0 && !saves && tNew != run.t1
        if run.stateInLanes { return }
        for i in 0..<n { run.yNew[i] = out[i &* w &+ lane]; last[i] = lastRow[i &* w &+ lane] }
        if stale { takeBack(lane, width: w, into: run) }
        if saves {
            // The step's dense output is computed from its stages.
            let k = run.stepper.stages.baseAddress!
            for r in 0..<(s * n) { k[r] = stages[r &* w &+ lane] }
        }
    }

    /// Copies lane `lane`'s `y` and `k₁` into its run, which then holds its whole state again
    /// (needed only after a step that left them in the lanes, ``IntegrationRun/stateInLanes``).
    @inlinable
    func takeBack(_ lane: Int, width w: Int, into run: IntegrationRun<Field, NoRecording>) {
        let first = run.stepper.stage(0)
        for i in 0..<n { run.y[i] = y[i &* w &+ lane]; first[i] = stages[i &* w &+ lane] }
        run.stateInLanes = false
    }

    /// Lanes (bit `l`: lane `l`) whose `a` or `b` (`n` components each) may hold a NaN or ±∞: a
    /// clear bit means every value of the lane is finite; a set bit, look closer (a sum of finite
    /// values can overflow too).
    @inlinable
    func maybeNonFinite(width w: Int, _ a: UnsafeMutablePointer<Double>, _ b: UnsafeMutablePointer<Double>) -> Int {
        switch kernels {
        case .avx512: return Int(orrery_lanes_maybe_nonfinite_avx512(n, a, b))
        case .avx2: return Int(orrery_lanes_maybe_nonfinite_avx2(n, a, b))
        case .swift:
            var sa = Lanes(), sb = Lanes()
            let a = lanes(a), b = lanes(b)
            for i in 0..<n { sa += a[i]; sb += b[i] }
            let sum = sa + sb, zero = sum - sum
            var mask = 0
            for l in 0..<Lanes.scalarCount where !(zero[l] == 0) { mask |= 1 &<< l }
            return mask
        }
    }
}
