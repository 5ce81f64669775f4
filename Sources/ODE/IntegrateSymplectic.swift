/// Integrates a separable Hamiltonian system with a fixed-step symplectic scheme:
/// `steps` steps of size `dt` (negative to go backward) from `(t0, q0, p0)`.
/// Energy errors stay bounded over long runs instead of drifting (Hairer, Lubich & Wanner,
/// *Geometric Numerical Integration*, §IX). Allocates nothing per step.
///
/// - Throws: `ODEError.invalidInput` for wrong sizes, non-finite input, `dt` zero or
///   non-finite, `steps < 0` or `saveEvery < 1`; `ODEError.integrationFailed` with
///   `.nonFiniteState` if the state stops being finite.
@inlinable
public func integrateSymplectic<System: SeparableHamiltonianSystem>(
    _ system: System,
    from t0: Double, positions q0: [Double], momenta p0: [Double], parameters: [Double] = [],
    dt: Double, steps: Int, scheme: SymplecticScheme, saveEvery: Int = 1
) throws(ODEError) -> SymplecticTrajectory {
    let n = system.degreesOfFreedom
    func bad(_ name: String, _ value: Double, _ requirement: String) -> ODEError {
        .invalidInput(.invalidSetting(name: name, value: value, requirement: requirement))
    }
    guard q0.count == n else { throw .invalidInput(.dimensionMismatch(name: "positions", expected: n, actual: q0.count)) }
    guard p0.count == n else { throw .invalidInput(.dimensionMismatch(name: "momenta", expected: n, actual: p0.count)) }
    guard parameters.count == system.parameterCount else {
        throw .invalidInput(.dimensionMismatch(name: "parameters", expected: system.parameterCount, actual: parameters.count))
    }
    if let i = (q0 + p0).firstIndex(where: { !$0.isFinite }) { throw .invalidInput(.nonFiniteInitialState(index: i)) }
    guard t0.isFinite else { throw .invalidInput(.nonFiniteTime(name: "t0", value: t0)) }
    guard dt.isFinite, dt != 0 else { throw bad("dt", dt, "finite and non-zero") }
    guard steps >= 0 else { throw bad("steps", Double(steps), "≥ 0") }
    guard saveEvery >= 1 else { throw bad("saveEvery", Double(saveEvery), "≥ 1") }

    var out = SymplecticTrajectory(scheme: scheme, degreesOfFreedom: n)
    let saved = steps / saveEvery + 1
    out.times.reserveCapacity(saved)
    out.positions.reserveCapacity(saved * n)
    out.momenta.reserveCapacity(saved * n)
    out.times.append(t0)
    out.positions += q0
    out.momenta += p0
    var q = q0, p = p0
    var rate = [Double](repeating: 0, count: n), force = [Double](repeating: 0, count: n)
    var failure: IntegrationFailure? = nil
    let k = scheme.drift.count
    parameters.withUnsafeBufferPointer { par in
        q.withUnsafeMutableBufferPointer { q in
            p.withUnsafeMutableBufferPointer { p in
                rate.withUnsafeMutableBufferPointer { rate in
                    force.withUnsafeMutableBufferPointer { force in
                        var t = t0
                        var forceIsCurrent = false  // force holds −∂V/∂q at the current q
                        var evaluations = 0
                        var step = 0
                        while step < steps {
                            step += 1
                            let tStart = t
                            var elapsed = 0.0  // fraction of the step drifted so far
                            for i in 0..<k {
                                let c = scheme.drift[i], d = scheme.kick[i]
                                if c != 0 {
                                    system.positionRate(p: UnsafeBufferPointer(p), parameters: par, into: rate)
                                    let hc = dt * c
                                    for j in 0..<n { q[j] += hc * rate[j] }
                                    elapsed += c
                                    forceIsCurrent = false
                                }
                                if d != 0 {
                                    if !forceIsCurrent {
                                        system.momentumRate(t: tStart + elapsed * dt, q: UnsafeBufferPointer(q),
                                                            parameters: par, into: force)
                                        evaluations += 1
                                        forceIsCurrent = true
                                    }
                                    let hd = dt * d
                                    for j in 0..<n { p[j] += hd * force[j] }
                                }
                            }
                            t = t0 + Double(step) * dt
                            if let j = (0..<n).first(where: { !q[$0].isFinite || !p[$0].isFinite }) {
                                failure = IntegrationFailure(reason: .nonFiniteState(component: j), t: t, dt: dt,
                                                             acceptedSteps: step - 1, rejectedSteps: 0,
                                                             functionEvaluations: evaluations)
                                break
                            }
                            if step % saveEvery == 0 || step == steps {
                                out.times.append(t)
                                out.positions.append(contentsOf: q)
                                out.momenta.append(contentsOf: p)
                            }
                        }
                        out.stats.functionEvaluations = evaluations
                        out.stats.acceptedSteps = failure == nil ? steps : failure!.acceptedSteps
                    }
                }
            }
        }
    }
    if let failure { throw .integrationFailed(failure) }
    return out
}
