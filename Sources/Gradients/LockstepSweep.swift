import ODE

/// The backward sweep of ``computeLockstepGradients(_:)``: ACA's reverse pass (``acaGradient``) for
/// every lane of a group at once, one accepted step per lane per round, from each lane's last step to
/// its first. Lanes with fewer steps finish early and drop out of the batched calls.
///
/// Per lane and step it does what `acaGradient` does, in its order: replay the step from its checkpoint
/// (here: one batched evaluation per stage over the round's lanes), add dense-output cotangents of the
/// observations inside the step and flush a Hermite end slope, seed the stage cotangents with `h bⱼ λ`,
/// then per stage row from the last down a VJP (here: one batched VJP over the lanes with a nonzero row
/// cotangent, its parameter part summed into one gradient) and its propagation to earlier rows, then the
/// checkpoint observation's cotangent. Owns per-lane buffers: use one per thread.
@usableFromInline
final class LockstepSweep<Field: BatchVectorField> {
    @usableFromInline let field: Field
    @usableFromInline let n: Int
    @usableFromInline let lanes: Int
    @usableFromInline let forwards: [ForwardPass]
    @usableFromInline let observationTimes: [[Double]]
    @usableFromInline let steppers: [RungeKuttaStepper<Field>]
    @usableFromInline let reverses: [StepReverse<Field>]
    @usableFromInline let stages: LockstepStages<Field>
    /// Per lane: `∂L/∂zᵢ` (then `∂L/∂z₀`), `∂L/∂zᵢ₊₁`, loss cotangents scaled by the lane's share.
    @usableFromInline var lambda: [[Double]]
    @usableFromInline var lambdaNext: [[Double]]
    @usableFromInline var cotangents: [[Double]]
    /// Per lane: the last observation at each checkpoint, the first and last observation inside each step.
    @usableFromInline var byCheckpoint: [[Int]]
    @usableFromInline var firstInStep: [[Int]]
    @usableFromInline var lastInStep: [[Int]]
    @usableFromInline var parameterGradient: [Double]
    @usableFromInline var backwardEvaluations: [Int]
    /// Per lane: a copy of the checkpoint states `zᵢ` (row-major), read by pointer during the sweep.
    @usableFromInline let checkpoints: [UnsafeMutablePointer<Double>]
    /// Per lane: the accepted steps' start times (and the end) and sizes, read without copying the solutions.
    @usableFromInline let stepTimes: [[Double]]
    @usableFromInline let stepSizes: [[Double]]

    @inlinable
    init(field: Field, tableau: ButcherTableau, problems: [GradientProblem<Field>], forwards: [ForwardPass]) {
        self.field = field
        n = field.dimension
        lanes = forwards.count
        self.forwards = forwards
        observationTimes = problems.map(\.observations.times)
        steppers = (0..<lanes).map { _ in RungeKuttaStepper(field: field, tableau: tableau) }
        reverses = (0..<lanes).map { _ in StepReverse(field: field, tableau: tableau) }
        stages = LockstepStages(field: field, capacity: lanes)
        lambda = Array(repeating: [Double](repeating: 0, count: field.dimension), count: lanes)
        lambdaNext = lambda
        let total = forwards.reduce(0) { $0 + $1.observedCount }
        cotangents = forwards.map { forward in
            let share = total > 0 ? Double(forward.observedCount) / Double(total) : 0
            return forward.cotangents.map { share * $0 }
        }
        byCheckpoint = []; firstInStep = []; lastInStep = []
        for forward in forwards {
            let steps = forward.solution.stepCount, placement = forward.placement
            var checkpoint = [Int](repeating: -1, count: steps + 1)
            var first = [Int](repeating: -1, count: steps), last = [Int](repeating: -1, count: steps)
            for q in 0..<placement.checkpoint.count where placement.checkpoint[q] >= 0 { checkpoint[placement.checkpoint[q]] = q }
            for q in 0..<placement.step.count where placement.step[q] >= 0 {
                let i = placement.step[q]
                if first[i] < 0 { first[i] = q }
                last[i] = q
            }
            byCheckpoint.append(checkpoint); firstInStep.append(first); lastInStep.append(last)
        }
        parameterGradient = [Double](repeating: 0, count: field.parameterCount)
        backwardEvaluations = [Int](repeating: 0, count: lanes)
        stepTimes = forwards.map(\.solution.times)
        stepSizes = forwards.map(\.solution.stepSizes)
        checkpoints = forwards.map { forward in
            let states = forward.solution.states, copy = UnsafeMutablePointer<Double>.allocate(capacity: max(states.count, 1))
            copy.initialize(from: states, count: states.count)
            return copy
        }
    }

    deinit { for pointer in checkpoints { pointer.deallocate() } }

    /// Lane `b`'s `∂L/∂z₀` after ``run(parameters:)``.
    @inlinable func initialStateGradient(_ b: Int) -> [Double] { lambda[b] }

    /// Lane `b`'s checkpoints and buffers, as `acaGradient` counts them.
    @inlinable func peakBytes(_ b: Int) -> Int {
        let solution = forwards[b].solution, steps = solution.stepCount
        let checkpointBytes = 8 * (solution.times.count + solution.stepSizes.count + solution.states.count)
        return checkpointBytes + 8 * (4 * n + parameterGradient.count + 2 * steppers[b].totalStageCount * n)
            + reverses[b].bytes + 8 * 4 * (steps + 1)
    }

    /// Adds lane `b`'s observation cotangent at checkpoint `j` (if any) to its `λ`.
    @inlinable func addObservation(_ b: Int, atCheckpoint j: Int) {
        let q = byCheckpoint[b][j]
        guard q >= 0 else { return }
        for d in 0..<n { lambda[b][d] += cotangents[b][q * n + d] }
    }

    @inlinable
    func run(parameters: [Double]) {
        var index = forwards.map { $0.solution.stepCount - 1 }
        for b in 0..<lanes { addObservation(b, atCheckpoint: forwards[b].solution.stepCount) }
        var active: [Int] = [], vjpLanes: [Int] = []
        var t = [Double](repeating: 0, count: lanes), h = [Double](repeating: 0, count: lanes)
        var y = [UnsafePointer<Double>](repeating: UnsafePointer(stages.states), count: lanes)
        let s = steppers.first?.methodStageCount ?? 0, total = steppers.first?.totalStageCount ?? 0
        parameters.withUnsafeBufferPointer { p in
            while true {
                active.removeAll(keepingCapacity: true)
                for b in 0..<lanes where index[b] >= 0 {
                    let i = index[b]
                    t[b] = stepTimes[b][i]; h[b] = stepSizes[b][i]; y[b] = UnsafePointer(checkpoints[b]) + i * n
                    active.append(b)
                }
                if active.isEmpty { break }
                for j in 0..<s { stages.evaluate(stage: j, lanes: active, steppers: steppers, t: t, h: h, y: y, parameters: p) }
                for b in active { beginStep(b, index[b], t: t[b], h: h[b], y: y[b], parameters: p) }
                var j = total - 1
                while j >= 0 {
                    vjpLanes.removeAll(keepingCapacity: true)
                    for b in active where reverses[b].stageNeedsVJP(j) { vjpLanes.append(b) }
                    if !vjpLanes.isEmpty { stageVJP(j, lanes: vjpLanes, t: t, h: h, parameters: p) }
                    j -= 1
                }
                for b in active {
                    addObservation(b, atCheckpoint: index[b])
                    index[b] -= 1
                }
            }
        }
    }

    /// Lane `b`'s step `i` before its stage VJPs: `λ` moves to `λ⁺`, dense-output cotangents, seed.
    @inlinable
    func beginStep(_ b: Int, _ i: Int, t: Double, h: Double, y: UnsafePointer<Double>, parameters p: UnsafeBufferPointer<Double>) {
        let stepper = steppers[b], reverse = reverses[b]
        backwardEvaluations[b] += stepper.methodStageCount
        lambda[b].withUnsafeMutableBufferPointer { lam in
            lambdaNext[b].withUnsafeMutableBufferPointer { next in
                let lamP = lam.baseAddress!, nextP = next.baseAddress!
                for d in 0..<n { nextP[d] = lamP[d]; lamP[d] = 0 }
                reverse.begin()
                if firstInStep[b][i] >= 0 {
                    backwardEvaluations[b] += stepper.computeExtraStages(t: t, h: h, y: UnsafeBufferPointer(start: y, count: n), parameters: p)
                    let placement = forwards[b].placement
                    cotangents[b].withUnsafeBufferPointer { cot in
                        for q in firstInStep[b][i]...lastInStep[b][i] where placement.step[q] == i {
                            reverse.addDenseCotangent(
                                theta: (observationTimes[b][q] - t) / h, t: t, h: h, mu: cot.baseAddress! + q * n,
                                y: y, yNext: y + n, stages: stepper.stages.baseAddress!,
                                nextCotangent: nextP, parameters: p, trackStepSize: false)
                        }
                    }
                    parameterGradient.withUnsafeMutableBufferPointer { pg in
                        reverse.flushEndSlope(tNext: stepTimes[b][i + 1], yNext: y + n, nextCotangent: nextP,
                                              parameters: p, parameterGradient: pg.baseAddress!)
                    }
                }
                reverse.seed(h: h, nextCotangent: nextP, stateCotangent: lamP)
            }
        }
    }

    /// One batched VJP of stage row `j` over `lanes` (each at `t + cⱼh`, `Yⱼ`, with its row cotangent),
    /// then each lane absorbs its state part.
    @inlinable
    func stageVJP(_ j: Int, lanes: [Int], t: [Double], h: [Double], parameters p: UnsafeBufferPointer<Double>) {
        let count = lanes.count, states = stages.states, cot = stages.cotangents, u = stages.out, times = stages.times
        for a in 0..<count {
            let b = lanes[a], yj = steppers[b].stageInput(j), g = reverses[b].stageCotangent(j)
            for d in 0..<n { states[a * n + d] = yj[d]; cot[a * n + d] = g[d]; u[a * n + d] = 0 }
            times[a] = steppers[b].stageTime(j, t: t[b], h: h[b])
        }
        parameterGradient.withUnsafeMutableBufferPointer { pg in
            field.vectorJacobianProductBatch(
                times: UnsafeBufferPointer(start: times, count: count), states: UnsafeBufferPointer(start: states, count: count * n),
                count: count, parameters: p, cotangents: UnsafeBufferPointer(start: cot, count: count * n),
                stateCotangents: UnsafeMutableBufferPointer(start: u, count: count * n), parameterCotangent: pg)
        }
        for a in 0..<count {
            let b = lanes[a]
            lambda[b].withUnsafeMutableBufferPointer { lam in
                reverses[b].absorb(j, h: h[b], u: u + a * n, stateCotangent: lam.baseAddress!)
            }
        }
    }
}
