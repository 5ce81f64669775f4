#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Integrates `dz/dt = f(t, z; p)` from `t0` to `t1` (either direction) with the asynchronous
/// leapfrog (``AsynchronousLeapfrog``, Zhuang et al., ICLR 2021) on the augmented state `(z, v)`,
/// `v₀ = f(t₀, z₀)` unless `initialVelocity` is given; fixed or adaptive steps.
///
/// ALF is not a Butcher tableau (it carries `v` between steps), so it has this small loop of its
/// own rather than `solve`'s Runge–Kutta loop; the rules are the same: `StepSizeController`'s
/// elementary control with ALF's error estimate `(h/2)(u − v)` (estimator order 1, exponent 1/2,
/// as in TorchDiffEqPack), Hairer's starting-step rule with `f₀ = v₀`, exact landing on
/// `options.stopTimes` and `t1` (``trialStep(from:proposed:t1:direction:stopTimes:stopIndex:)``),
/// rejected trials that produce NaN/∞, and `saveAt` by cubic Hermite interpolation through the
/// step's ends with the velocities as slopes. `options.recordSteps` controls only the states:
/// the schedule `(tᵢ, hᵢ)` is always kept (see ``LeapfrogSolution``).
///
/// - Throws: `ODEError.invalidInput` for a malformed request (as `solve`, plus `eta`) and
///   `ODEError.integrationFailed` when the integration stops early.
@inlinable
public func solveLeapfrog<Field: VectorField>(
    _ field: Field, from t0: Double, to t1: Double, initialState z0: [Double], initialVelocity v0: [Double]? = nil,
    parameters: [Double] = [], eta: Double = 1, stepSize mode: StepSizeMode, options: SolveOptions = SolveOptions()
) throws(ODEError) -> LeapfrogSolution {
    let n = field.dimension, m = parameters.count
    try validateSolveInput(field: field, t0: t0, t1: t1, y0: z0, parameters: parameters,
                           tableau: .dormandPrince5, mode: mode, options: options)
    if let v0 {
        guard v0.count == n else { throw .invalidInput(.dimensionMismatch(name: "initialVelocity", expected: n, actual: v0.count)) }
        if let bad = v0.firstIndex(where: { !$0.isFinite }) {
            throw .invalidInput(.invalidSetting(name: "initialVelocity[\(bad)]", value: v0[bad], requirement: "finite"))
        }
    }
    let alf = try AsynchronousLeapfrog(field: field, eta: eta)
    // z, v, z⁺, v⁺, z½, u, then the parameters.
    let buffer = UnsafeMutablePointer<Double>.allocate(capacity: 6 * n + max(m, 1))
    defer { buffer.deallocate() }
    let z = buffer, v = buffer + n, zOut = buffer + 2 * n, vOut = buffer + 3 * n, zHalf = buffer + 4 * n, u = buffer + 5 * n
    let pointer = buffer + 6 * n
    for i in 0..<m { pointer[i] = parameters[i] }
    let p = UnsafeBufferPointer(start: pointer, count: m)
    for i in 0..<n { z[i] = z0[i] }
    var solution = LeapfrogSolution(dimension: n, eta: eta)
    let record = options.recordSteps || options.storeDenseOutput
    let saveAt = options.saveAt, stopTimes = options.stopTimes
    solution.savedTimes = saveAt
    solution.savedStates = [Double](repeating: 0, count: saveAt.count * n)
    solution.times = [t0]
    var saveIndex = 0
    while saveIndex < saveAt.count && saveAt[saveIndex] == t0 {
        for i in 0..<n { solution.savedStates[saveIndex * n + i] = z[i] }
        saveIndex += 1
    }
    if let v0 {
        for i in 0..<n { v[i] = v0[i] }
    } else {
        field.evaluate(t: t0, y: UnsafeBufferPointer(start: z, count: n), parameters: p,
                       into: UnsafeMutableBufferPointer(start: v, count: n))
        solution.stats.functionEvaluations += 1
    }
    solution.states = Array(UnsafeBufferPointer(start: z, count: n))
    solution.velocities = Array(UnsafeBufferPointer(start: v, count: n))
    var t = t0
    func failure(_ reason: IntegrationFailure.Reason, dt: Double) -> ODEError {
        .integrationFailed(IntegrationFailure(
            reason: reason, t: t, dt: dt, acceptedSteps: solution.stats.acceptedSteps,
            rejectedSteps: solution.stats.rejectedSteps, functionEvaluations: solution.stats.functionEvaluations))
    }
    if let bad = (0..<n).first(where: { !v[$0].isFinite }) { throw failure(.nonFiniteState(component: bad), dt: 0) }
    func accept(h: Double, tNew: Double) throws(ODEError) {
        for i in 0..<n where !(zOut[i].isFinite && vOut[i].isFinite) { throw failure(.nonFiniteState(component: i), dt: h) }
        solution.savedStates.withUnsafeMutableBufferPointer { saved in
            while saveIndex < saveAt.count && (tNew - saveAt[saveIndex]) * (t1 >= t0 ? 1 : -1) >= 0 {
                let tau = saveAt[saveIndex], out = saved.baseAddress! + saveIndex * n
                if tau == tNew {
                    for i in 0..<n { out[i] = zOut[i] }
                } else {
                    let theta = (tau - t) / h, t2 = theta * theta, t3 = t2 * theta
                    let h00 = 2 * t3 - 3 * t2 + 1, h01 = 3 * t2 - 2 * t3, h10 = h * (t3 - 2 * t2 + theta), h11 = h * (t3 - t2)
                    for i in 0..<n { out[i] = h00 * z[i] + h01 * zOut[i] + h10 * v[i] + h11 * vOut[i] }
                }
                saveIndex += 1
            }
        }
        solution.times.append(tNew)
        solution.stepSizes.append(h)
        if record {
            solution.states.append(contentsOf: UnsafeBufferPointer(start: zOut, count: n))
            solution.velocities.append(contentsOf: UnsafeBufferPointer(start: vOut, count: n))
        }
        solution.stats.acceptedSteps += 1
        for i in 0..<n { z[i] = zOut[i]; v[i] = vOut[i] }
        t = tNew
    }
    let direction: Double = t1 >= t0 ? 1 : -1
    if t0 != t1 {
        switch mode {
        case .fixed(let dt):
            var boundaries = [t0]
            for s in stopTimes where s != boundaries[boundaries.count - 1] { boundaries.append(s) }
            if boundaries[boundaries.count - 1] != t1 { boundaries.append(t1) }
            for segment in 0..<(boundaries.count - 1) {
                let a = boundaries[segment], b = boundaries[segment + 1]
                let ratio = abs(b - a) / dt
                let count = max(1, Int((ratio - 1e-9 * max(1, ratio)).rounded(.up)))
                for i in 1...count {
                    let target = i == count ? b : a + (b - a) * (Double(i) / Double(count))
                    guard target != t else { continue }
                    let h = landingStep(from: t, to: target)
                    alf.step(t: t, h: h, z: z, v: v, parameters: p, zOut: zOut, vOut: vOut, zHalf: zHalf, u: u)
                    solution.stats.functionEvaluations += 1
                    try accept(h: h, tNew: target)
                }
            }
        case .adaptive(let controller):
            let rtol = controller.relativeTolerance, atol = controller.absoluteTolerance
            let span = abs(t1 - t0)
            var first: Double
            if let given = controller.initialStep {
                first = given
            } else {
                // Hairer's rule with f₀ = v₀ and the estimator's order (as TorchDiffEqPack's sym12async).
                let (d0, d1) = StartingStep.norms(y: z, f0: v, count: n, rtol: rtol, atol: atol)
                let h0 = min(StartingStep.firstGuess(d0: d0, d1: d1), span, controller.maxStep)
                for i in 0..<n { zHalf[i] = z[i] + direction * h0 * v[i] }
                field.evaluate(t: t0 + direction * h0, y: UnsafeBufferPointer(start: zHalf, count: n), parameters: p,
                               into: UnsafeMutableBufferPointer(start: u, count: n))
                solution.stats.functionEvaluations += 1
                let d2 = StartingStep.secondDerivativeNorm(y: z, f0: v, f1: u, count: n, h0: h0, rtol: rtol, atol: atol)
                let h1 = StartingStep.secondGuess(d1: d1, d2: d2, h0: h0, order: AsynchronousLeapfrog<Field>.errorEstimatorOrder)
                let guess = min(100 * h0, h1)
                first = guess.isFinite && guess > 0 ? guess : h0
            }
            var h = min(first, controller.maxStep, span) * direction
            solution.stats.initialStepSize = abs(h)
            let floor = 16 * max(abs(t0), abs(t1)).ulp
            var rejectedSinceAccept = false, attempts = 0, stopIndex = 0
            while t != t1 {
                let (hTry, landing, target) = trialStep(from: t, proposed: h, t1: t1, direction: direction,
                                                        stopTimes: stopTimes, stopIndex: &stopIndex)
                if !landing && abs(hTry) < max(controller.minStep, floor, 16 * t.ulp) { throw failure(.stepSizeUnderflow, dt: hTry) }
                guard attempts < controller.maxSteps else { throw failure(.maxStepsExceeded(limit: controller.maxSteps), dt: hTry) }
                attempts += 1
                alf.step(t: t, h: hTry, z: z, v: v, parameters: p, zOut: zOut, vOut: vOut, zHalf: zHalf, u: u)
                solution.stats.functionEvaluations += 1
                let err = alf.errorNorm(h: hTry, v: v, u: u, z: z, zOut: zOut, rtol: rtol, atol: atol)
                let factor = controller.stepFactor(error: err, estimatorOrder: AsynchronousLeapfrog<Field>.errorEstimatorOrder,
                                                   afterRejection: rejectedSinceAccept)
                if err <= 1 {
                    var next = abs(hTry) * factor
                    if landing && factor >= 1 { next = max(next, abs(h)) }
                    h = min(next, controller.maxStep) * direction
                    rejectedSinceAccept = false
                    try accept(h: hTry, tNew: landing ? target : t + hTry)
                } else {
                    solution.stats.rejectedSteps += 1
                    rejectedSinceAccept = true
                    h = hTry * factor
                }
            }
        }
    }
    if !record && solution.stepCount > 0 {
        solution.states.append(contentsOf: UnsafeBufferPointer(start: z, count: n))
        solution.velocities.append(contentsOf: UnsafeBufferPointer(start: v, count: n))
    }
    return solution
}
