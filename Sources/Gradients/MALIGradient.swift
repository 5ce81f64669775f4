import ODE

/// MALI, the memory-efficient asynchronous leapfrog integrator (Zhuang, Dvornek, Tatikonda &
/// Duncan, "MALI: A memory efficient and reverse accurate integrator for Neural ODEs", ICLR 2021,
/// Algorithm 4; TorchDiffEqPack's `odesolve_adjoint_sym12`).
///
/// Forward: ``solveLeapfrog(_:from:to:initialState:initialVelocity:parameters:eta:stepSize:options:)``
/// with `v₀ = f(t₀, z₀)`, landing on every observation time, keeping only the final `(z_N, v_N)`,
/// the predictions at the observation times and the schedule `(tᵢ, hᵢ)`. Backward, from `i = N − 1`
/// down to 0: invert step `i` exactly (one evaluation of `f`), which also reconstructs its midpoint
/// `z½`, apply the step's VJP there (``AsynchronousLeapfrog/reverseStep(t:h:zHalf:parameters:lambdaZ:lambdaV:scratch:parameterGradient:)``),
/// and add the loss cotangent of an observation at `tᵢ`; finally pull `λv₀` through
/// `v₀ = f(t₀, z₀)` (one more VJP, at the true `z₀`).
///
/// The result is the gradient of the discrete ALF solve with its step sequence, up to the rounding
/// of the reconstruction (``GradientResult/reconstructionError`` reports how far the inverted
/// trajectory ends from `z₀`). Memory: `O(dimension + parameters + observations·dimension)` plus two
/// scalars per step. The problem's tableau is not used; its controller's tolerances are ALF's.
///
/// - Parameter eta: ALF's damping coefficient (``AsynchronousLeapfrog/eta``); 1 (the default) is undamped.
@inlinable
public func maliGradient<Field: DifferentiableVectorField>(
    _ problem: GradientProblem<Field>, eta: Double = AsynchronousLeapfrog<Field>.defaultEta
) throws(ODEError) -> GradientResult {
    try problem.validate()
    let field = problem.field, n = field.dimension, m = field.parameterCount
    let observations = problem.observations, k = observations.count
    let alf = try AsynchronousLeapfrog(field: field, eta: eta)
    let forward = try solveLeapfrog(
        field, from: problem.t0, to: problem.t1, initialState: problem.initialState, parameters: problem.parameters,
        eta: eta, stepSize: .adaptive(problem.controller),
        options: SolveOptions(stopTimes: observations.times, saveAt: observations.times, recordSteps: false))
    let predictions = forward.savedStates
    var cotangents = [Double](repeating: 0, count: k * n)
    let (loss, count) = predictions.withUnsafeBufferPointer { pr in
        cotangents.withUnsafeMutableBufferPointer { c in
            ObservationLoss.evaluate(predictions: pr, observations: observations, dimension: n, cotangents: c)
        }
    }
    let steps = forward.stepCount, times = forward.times, stepSizes = forward.stepSizes
    // z, v (the running reconstruction), z½, u, λz, λv, λu.
    var work = [Double](repeating: 0, count: 7 * n)
    var parameterGradient = [Double](repeating: 0, count: m)
    var reconstructionError = 0.0
    problem.parameters.withUnsafeBufferPointer { p in
        cotangents.withUnsafeBufferPointer { cot in
            work.withUnsafeMutableBufferPointer { w in
                parameterGradient.withUnsafeMutableBufferPointer { pg in
                    let z = w.baseAddress!, v = z + n, zHalf = z + 2 * n, u = z + 3 * n
                    let lambdaZ = z + 4 * n, lambdaV = z + 5 * n, lambdaU = z + 6 * n
                    let last = forward.states.count - n
                    for d in 0..<n { z[d] = forward.states[last + d]; v[d] = forward.velocities[last + d] }
                    var q = k - 1  // the last observation not yet added, walking backward
                    func addObservations(at time: Double) {
                        while q >= 0 && observations.times[q] == time {
                            for d in 0..<n { lambdaZ[d] += cot[q * n + d] }
                            q -= 1
                        }
                    }
                    addObservations(at: times[steps])
                    var i = steps - 1
                    while i >= 0 {
                        let t = times[i], h = stepSizes[i]
                        alf.inverse(t: t, h: h, zIn: z, vIn: v, parameters: p, z: z, v: v, zHalf: zHalf, u: u)
                        alf.reverseStep(t: t, h: h, zHalf: zHalf, parameters: p, lambdaZ: lambdaZ, lambdaV: lambdaV,
                                        scratch: lambdaU, parameterGradient: pg)
                        addObservations(at: t)
                        i -= 1
                    }
                    problem.initialState.withUnsafeBufferPointer { z0 in
                        for d in 0..<n {
                            reconstructionError = max(reconstructionError, abs(z[d] - z0[d]) / (1 + abs(z0[d])))
                        }
                        // v₀ = f(t₀, z₀): λz₀ += (∂f/∂z)ᵀλv₀, ∂L/∂p += (∂f/∂p)ᵀλv₀.
                        field.vectorJacobianProduct(
                            t: problem.t0, y: z0, parameters: p, cotangent: UnsafeBufferPointer(start: lambdaV, count: n),
                            stateCotangent: UnsafeMutableBufferPointer(start: lambdaZ, count: n), parameterCotangent: pg)
                    }
                }
            }
        }
    }
    // The schedule, the kept end states, predictions and cotangents, the work vectors and ∂L/∂p.
    let scheduleBytes = 8 * (times.count + stepSizes.count)
    let heldBytes = 8 * (forward.states.count + forward.velocities.count + predictions.count + cotangents.count)
    return GradientResult(
        method: GradientMethod.mali.name, loss: loss, observedCount: count, parameterGradient: parameterGradient,
        initialStateGradient: Array(work[(4 * n)..<(5 * n)]), predictions: predictions,
        forwardEvaluations: forward.stats.functionEvaluations, backwardEvaluations: steps, backwardVJPs: steps + 1,
        acceptedSteps: forward.stats.acceptedSteps, rejectedSteps: forward.stats.rejectedSteps,
        peakBackwardBytes: scheduleBytes + heldBytes + 8 * (7 * n + m), reconstructionError: reconstructionError)
}
