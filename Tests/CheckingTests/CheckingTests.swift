import Checking
import Foundation
import Gradients
import ODE
import Physics
import Testing

/// Lotka–Volterra with one deliberately wrong VJP entry (∂/∂β has the wrong sign): the checker must catch it.
private struct WrongLotkaVolterra: DifferentiableVectorField {
    let base = LotkaVolterra()
    var dimension: Int { 2 }
    var parameterCount: Int { 4 }
    func evaluate(t: Double, y: UnsafeBufferPointer<Double>, parameters p: UnsafeBufferPointer<Double>,
                  into dy: UnsafeMutableBufferPointer<Double>) {
        base.evaluate(t: t, y: y, parameters: p, into: dy)
    }
    func vectorJacobianProduct(t: Double, y: UnsafeBufferPointer<Double>, parameters p: UnsafeBufferPointer<Double>,
                               cotangent v: UnsafeBufferPointer<Double>, stateCotangent gy: UnsafeMutableBufferPointer<Double>,
                               parameterCotangent gp: UnsafeMutableBufferPointer<Double>) {
        base.vectorJacobianProduct(t: t, y: y, parameters: p, cotangent: v, stateCotangent: gy, parameterCotangent: gp)
        gp[1] += 2 * v[0] * y[0] * y[1]
    }
}

/// A VJP that overwrites its output instead of accumulating into it.
private struct OverwritingLotkaVolterra: DifferentiableVectorField {
    let base = LotkaVolterra()
    var dimension: Int { 2 }
    var parameterCount: Int { 4 }
    func evaluate(t: Double, y: UnsafeBufferPointer<Double>, parameters p: UnsafeBufferPointer<Double>,
                  into dy: UnsafeMutableBufferPointer<Double>) {
        base.evaluate(t: t, y: y, parameters: p, into: dy)
    }
    func vectorJacobianProduct(t: Double, y: UnsafeBufferPointer<Double>, parameters p: UnsafeBufferPointer<Double>,
                               cotangent v: UnsafeBufferPointer<Double>, stateCotangent gy: UnsafeMutableBufferPointer<Double>,
                               parameterCotangent gp: UnsafeMutableBufferPointer<Double>) {
        for i in gy.indices { gy[i] = 0 }
        for i in gp.indices { gp[i] = 0 }
        base.vectorJacobianProduct(t: t, y: y, parameters: p, cotangent: v, stateCotangent: gy, parameterCotangent: gp)
    }
}

@Suite("Checking: the public tools for checking a model")
struct CheckingTests {
    let y: [Double] = [1.3, 0.7], p = LotkaVolterra.defaultParameters, v: [Double] = [0.4, -1.1]

    @Test("the VJP checker passes a correct VJP and catches a wrong entry and an overwriting one")
    func vjpChecker() {
        #expect(VJPChecker.maxRelativeError(LotkaVolterra(), y: y, parameters: p, cotangent: v) < 1e-8)
        #expect(VJPChecker.maxRelativeError(WrongLotkaVolterra(), y: y, parameters: p, cotangent: v) > 0.1)
        #expect(VJPChecker.maxRelativeError(OverwritingLotkaVolterra(), y: y, parameters: p, cotangent: v) > 0.1)
    }

    @Test("five-point differences reach the exact gradient, with fourth-order convergence in the step")
    func finiteDifferenceGradient() {
        func f(_ x: [Double]) -> Double { sin(x[0] * 2) * x[1] * x[1] + exp(0.5 * x[2]) }
        let x: [Double] = [0.3, -1.2, 0.8]
        let exact = [2 * cos(x[0] * 2) * x[1] * x[1], 2 * sin(x[0] * 2) * x[1], 0.5 * exp(0.5 * x[2])]
        #expect(relativeError(FiniteDifference.gradient(of: f, at: x), exact) < 1e-10)
        // Error ∝ h⁴: the fitted slope of log error against log h over h = 0.1, 0.05, 0.025.
        let steps = [0.1, 0.05, 0.025]
        let errors = steps.map { relativeError(FiniteDifference.gradient(of: f, at: x, step: .absolute($0)), exact) }
        let slope = (log(errors.last!) - log(errors.first!)) / (log(steps.last!) - log(steps.first!))
        #expect(abs(slope - 4) < 0.2, "slope \(slope)")
        // The automatic step beats a much larger and a much smaller one.
        let automatic = relativeError(FiniteDifference.gradient(of: f, at: x), exact)
        #expect(automatic < errors[0])
        #expect(automatic < relativeError(FiniteDifference.gradient(of: f, at: x, step: .relative(1e-9)), exact))
    }

    @Test("finite differences of a solve's loss match ACA and naive backprop")
    func gradientProblem() throws {
        let times = [0.5, 1.0, 1.5]
        let problem = GradientProblem(
            field: LotkaVolterra(), t0: 0, initialState: [1, 0.5], parameters: p,
            observations: Observations(times: times, values: [1.2, 0.4, 1.5, 0.45, 1.9, 0.5]),
            tableau: .dormandPrince5, controller: StepSizeController(rtol: 1e-11, atol: 1e-11),
            observationMode: .stepOnObservations)
        let reference = try FiniteDifference.gradient(of: problem)
        for method in [GradientMethod.aca, .naive] {
            let result = try computeGradient(problem, method: method)
            #expect(relativeError(result.parameterGradient + result.initialStateGradient, reference) < 1e-6, "\(method)")
        }
    }

    @Test("relativeError is ‖a − b‖ / ‖b‖")
    func relativeErrorValue() {
        #expect(relativeError([3, 4], [0, 5]) == (9.0 + 1).squareRoot() / 5)
        #expect(relativeError([1, 2], [1, 2]) == 0)
        #expect(relativeError([2e-5], [0]) == 2e-5 / 1e-300)  // a zero reference: the floor, not NaN
    }

    @Test("mixedMaxError is max|a − b| / max(1, max|b|): absolute below 1, relative above")
    func mixedMaxErrorValue() {
        #expect(mixedMaxError([0.1, 0.2], [0.1, 0.25]) == abs(0.2 - 0.25))
        #expect(mixedMaxError([10, 101], [10, 100]) == 1.0 / 100)
        #expect(mixedMaxError([1, 2], [1, 2]) == 0)
        #expect(mixedMaxError([], []) == 0)
    }
}
