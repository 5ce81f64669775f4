#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ODE

// The naive method's reverse pieces beyond one RK step: the error norm (through the
// step-size controller) and Hairer's starting-step rule.

/// Reverse of `RungeKuttaStepper.errorNorm`: adds `errBar·∂err/∂(k, y, y⁺)` to the stage
/// cotangents, the direct state cotangent and `yNewCotangent`; returns `errBar·∂err/∂h`.
@inlinable
func errorNormReverse<Field: DifferentiableVectorField>(
    errBar: Double, h: Double, y: UnsafePointer<Double>, yNew: UnsafePointer<Double>, stages: UnsafePointer<Double>,
    n: Int, s: Int, e: [Double], e2: [Double]?, rtol: Double, atol: Double, reverse: StepReverse<Field>,
    yNewCotangent: UnsafeMutablePointer<Double>
) -> Double {
    // Recompute the error vectors (the forward's values, in the same order).
    let err = reverse.scratch, err2 = reverse.scratch + n
    for i in 0..<n { err[i] = 0; err2[i] = 0 }
    for j in 0..<s {
        let kj = stages + j * n
        let ej = e[j], e2j = e2?[j] ?? 0
        if ej != 0 { for i in 0..<n { err[i] += ej * kj[i] } }
        if e2j != 0 { for i in 0..<n { err2[i] += e2j * kj[i] } }
    }
    var sum = 0.0, sum2 = 0.0
    for i in 0..<n {
        let scale = atol + rtol * max(abs(y[i]), abs(yNew[i]))
        let r = h * err[i] / scale, r2 = h * err2[i] / scale
        sum += r * r
        sum2 += r2 * r2
    }
    let nn = Double(n)
    var sumBar = 0.0, sum2Bar = 0.0
    if e2 == nil {
        let value = (sum / nn).squareRoot()
        guard value > 0 else { return 0 }
        sumBar = errBar / (2 * nn * value)
    } else {
        guard sum != 0 || sum2 != 0 else { return 0 }
        let denominator = (sum + 0.01 * sum2) * nn
        let root = denominator.squareRoot()
        sumBar = errBar * (1 / root - 0.5 * sum * nn / (denominator * root))
        sum2Bar = errBar * (-0.5 * sum * 0.01 * nn / (denominator * root))
    }
    var hBar = 0.0
    for i in 0..<n {
        let yi = abs(y[i]), yNewi = abs(yNew[i])
        let scale = atol + rtol * max(yi, yNewi)
        let r = h * err[i] / scale, r2 = h * err2[i] / scale
        let rBar = 2 * r * sumBar, r2Bar = 2 * r2 * sum2Bar
        hBar += (rBar * err[i] + r2Bar * err2[i]) / scale
        err[i] = rBar * h / scale  // now ∂/∂err_i
        err2[i] = r2Bar * h / scale
        let scaleBar = -(rBar * r + r2Bar * r2) / scale
        if yi >= yNewi {
            reverse.directStateCotangent[i] += rtol * (y[i] >= 0 ? 1 : -1) * scaleBar
        } else {
            yNewCotangent[i] += rtol * (yNew[i] >= 0 ? 1 : -1) * scaleBar
        }
    }
    for j in 0..<s {
        let ej = e[j], e2j = e2?[j] ?? 0
        if ej == 0 && e2j == 0 { continue }
        let g = reverse.stageCotangents + j * n
        for i in 0..<n { g[i] += ej * err[i] + e2j * err2[i] }
    }
    return hBar
}

/// Reverse of Hairer's starting-step rule: `ruleBar` is `∂L/∂(the rule's step)`.
@inlinable
func startingStepReverse<Field: DifferentiableVectorField>(
    ruleBar: Double, record r: StartingStepRecord, field: Field, t0: Double, y0: UnsafePointer<Double>,
    direction: Double, order: Int, rtol: Double, atol: Double, parameters: UnsafeBufferPointer<Double>,
    stateCotangent: UnsafeMutablePointer<Double>, parameterGradient: UnsafeMutablePointer<Double>, reverse: StepReverse<Field>
) {
    let n = field.dimension, m = parameters.count, nn = Double(n)
    var h0Bar = 0.0, d0Bar = 0.0, d1Bar = 0.0, d2Bar = 0.0
    if r.fellBackToH0 {
        h0Bar += ruleBar
    } else if !(r.h1 < 100 * r.h0) {
        h0Bar += 100 * ruleBar
    } else if r.m <= 1e-15 {
        if r.h0 * 1e-3 > 1e-6 { h0Bar += 1e-3 * ruleBar }
    } else {
        let mBar = ruleBar * (-r.h1 / (Double(order + 1) * r.m))
        if r.d2 >= r.d1 { d2Bar += mBar } else { d1Bar += mBar }
    }
    var f0Bar = [Double](repeating: 0, count: n), scBar = [Double](repeating: 0, count: n)
    var y1Bar = [Double](repeating: 0, count: n), f1Bar = [Double](repeating: 0, count: n)
    if d2Bar != 0 {
        h0Bar -= r.d2 / r.h0 * d2Bar
        let root = r.d2 * r.h0  // √(mean r²)
        if root > 0 {
            let rootBar = d2Bar / r.h0
            for i in 0..<n {
                let sc = atol + rtol * abs(y0[i])
                let ri = (r.f1[i] - r.f0[i]) / sc
                let riBar = rootBar * ri / (nn * root)
                f1Bar[i] += riBar / sc
                f0Bar[i] -= riBar / sc
                scBar[i] -= riBar * ri / sc
            }
        }
        r.y1.withUnsafeBufferPointer { y1 in
            f1Bar.withUnsafeBufferPointer { cot in
                y1Bar.withUnsafeMutableBufferPointer { out in
                    field.vectorJacobianProduct(
                        t: t0 + direction * r.h0, y: y1, parameters: parameters, cotangent: cot, stateCotangent: out,
                        parameterCotangent: UnsafeMutableBufferPointer(start: parameterGradient, count: m))
                }
            }
        }
        reverse.vjpCount += 1
        // f₁ = f(t₀ + h₀, y₁): its time argument moves with h₀.
        h0Bar += r.y1.withUnsafeBufferPointer { y1 in
            f1Bar.withUnsafeBufferPointer { cot in
                direction * reverse.timeSlopeDot(t: t0 + direction * r.h0, y: y1.baseAddress!, cotangent: cot.baseAddress!,
                                                  parameters: parameters)
            }
        }
    }
    for i in 0..<n {
        stateCotangent[i] += y1Bar[i]
        h0Bar += direction * y1Bar[i] * r.f0[i]
        f0Bar[i] += direction * r.h0 * y1Bar[i]
    }
    if !r.smallBranch && !r.h0Clamped && h0Bar != 0 {
        d0Bar += 0.01 / r.d1 * h0Bar
        d1Bar -= 0.01 * r.d0 / (r.d1 * r.d1) * h0Bar
    }
    for i in 0..<n {
        let sc = atol + rtol * abs(y0[i])
        if d1Bar != 0 && r.d1 > 0 {
            let qi = r.f0[i] / sc, qBar = d1Bar * qi / (nn * r.d1)
            f0Bar[i] += qBar / sc
            scBar[i] -= qBar * qi / sc
        }
        if d0Bar != 0 && r.d0 > 0 {
            let pi = y0[i] / sc, pBar = d0Bar * pi / (nn * r.d0)
            stateCotangent[i] += pBar / sc
            scBar[i] -= pBar * pi / sc
        }
        stateCotangent[i] += rtol * (y0[i] >= 0 ? 1 : -1) * scBar[i]
    }
    if f0Bar.contains(where: { $0 != 0 }) {
        f0Bar.withUnsafeBufferPointer { cot in
            field.vectorJacobianProduct(
                t: t0, y: UnsafeBufferPointer(start: y0, count: n), parameters: parameters, cotangent: cot,
                stateCotangent: UnsafeMutableBufferPointer(start: stateCotangent, count: n),
                parameterCotangent: UnsafeMutableBufferPointer(start: parameterGradient, count: m))
        }
        reverse.vjpCount += 1
    }
}
