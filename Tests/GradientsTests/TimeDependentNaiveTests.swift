import Foundation
import Checking
import Gradients
import ODE
import Physics
import Testing

/// `y₀' = −p₀ y₀ + sin(p₁ t)`, `y₁' = y₀ − p₂ y₁ cos t`: a forced, time-dependent field with
/// its VJP and (optionally) `∂f/∂t`. `claimsZeroTimeSlope` returns `∂f/∂t = 0` instead: the
/// old naive method's silent assumption.
struct ForcedDecay: TimeDifferentiableVectorField {
    var claimsZeroTimeSlope = false
    var dimension: Int { 2 }
    var parameterCount: Int { 3 }
    var isAutonomous: Bool { false }

    func evaluate(t: Double, y: UnsafeBufferPointer<Double>, parameters p: UnsafeBufferPointer<Double>,
                  into dy: UnsafeMutableBufferPointer<Double>) {
        dy[0] = -p[0] * y[0] + sin(p[1] * t)
        dy[1] = y[0] - p[2] * y[1] * cos(t)
    }

    func vectorJacobianProduct(t: Double, y: UnsafeBufferPointer<Double>, parameters p: UnsafeBufferPointer<Double>,
                               cotangent v: UnsafeBufferPointer<Double>, stateCotangent gy: UnsafeMutableBufferPointer<Double>,
                               parameterCotangent gp: UnsafeMutableBufferPointer<Double>) {
        gy[0] += -p[0] * v[0] + v[1]
        gy[1] += -p[2] * cos(t) * v[1]
        gp[0] += -y[0] * v[0]
        gp[1] += t * cos(p[1] * t) * v[0]
        gp[2] += -y[1] * cos(t) * v[1]
    }

    func timeDerivative(t: Double, y: UnsafeBufferPointer<Double>, parameters p: UnsafeBufferPointer<Double>,
                        into out: UnsafeMutableBufferPointer<Double>) {
        out[0] = claimsZeroTimeSlope ? 0 : p[1] * cos(p[1] * t)
        out[1] = claimsZeroTimeSlope ? 0 : p[2] * y[1] * sin(t)
    }
}

/// The same field without `∂f/∂t`: the naive method must refuse it.
struct ForcedDecayWithoutTimeSlope: DifferentiableVectorField {
    let inner = ForcedDecay()
    var dimension: Int { 2 }
    var parameterCount: Int { 3 }
    func evaluate(t: Double, y: UnsafeBufferPointer<Double>, parameters p: UnsafeBufferPointer<Double>,
                  into dy: UnsafeMutableBufferPointer<Double>) { inner.evaluate(t: t, y: y, parameters: p, into: dy) }
    func vectorJacobianProduct(t: Double, y: UnsafeBufferPointer<Double>, parameters p: UnsafeBufferPointer<Double>,
                               cotangent v: UnsafeBufferPointer<Double>, stateCotangent gy: UnsafeMutableBufferPointer<Double>,
                               parameterCotangent gp: UnsafeMutableBufferPointer<Double>) {
        inner.vectorJacobianProduct(t: t, y: y, parameters: p, cotangent: v, stateCotangent: gy, parameterCotangent: gp)
    }
}

/// Lotka–Volterra that does not say it is autonomous and supplies `∂f/∂t = 0`: it takes the
/// naive method's time-dependent path, which must then give the autonomous path's bits.
struct LotkaVolterraThroughTimePath: TimeDifferentiableVectorField {
    let inner = LotkaVolterra()
    var dimension: Int { 2 }
    var parameterCount: Int { 4 }
    var isAutonomous: Bool { false }
    func evaluate(t: Double, y: UnsafeBufferPointer<Double>, parameters p: UnsafeBufferPointer<Double>,
                  into dy: UnsafeMutableBufferPointer<Double>) { inner.evaluate(t: t, y: y, parameters: p, into: dy) }
    func vectorJacobianProduct(t: Double, y: UnsafeBufferPointer<Double>, parameters p: UnsafeBufferPointer<Double>,
                               cotangent v: UnsafeBufferPointer<Double>, stateCotangent gy: UnsafeMutableBufferPointer<Double>,
                               parameterCotangent gp: UnsafeMutableBufferPointer<Double>) {
        inner.vectorJacobianProduct(t: t, y: y, parameters: p, cotangent: v, stateCotangent: gy, parameterCotangent: gp)
    }
    func timeDerivative(t: Double, y: UnsafeBufferPointer<Double>, parameters p: UnsafeBufferPointer<Double>,
                        into out: UnsafeMutableBufferPointer<Double>) { for i in 0..<2 { out[i] = 0 } }
}

@Suite("The naive gradient with time-dependent fields")
struct TimeDependentNaiveTests {
    static func problem<F: DifferentiableVectorField>(_ field: F, mode: ObservationMode) -> GradientProblem<F> {
        let times = [0.7, 1.9, 3.0]
        let values = [0.4, 0.3, -0.2, 0.5, 0.1, 0.2]
        return GradientProblem(field: field, initialState: [1.0, -0.5], parameters: [0.8, 2.3, 0.6],
                               observations: Observations(times: times, values: values),
                               controller: StepSizeController(rtol: 1e-4, atol: 1e-4), observationMode: mode)
    }

    @Test("naive matches central finite differences of the full adaptive solve when f depends on t",
          arguments: ObservationMode.allCases)
    func naiveMatchesFiniteDifferences(mode: ObservationMode) throws {
        let problem = Self.problem(ForcedDecay(), mode: mode)
        let naive = try computeGradient(problem, method: .naive)
        let fd = try GradientTestSupport.finiteDifferences(problem, relativeStep: 1e-7) { try evaluateLoss($0).loss }
        let error = relativeError(GradientTestSupport.flat(naive), fd)
        // The old path: the same solve with ∂f/∂t taken as 0.
        let old = try computeGradient(Self.problem(ForcedDecay(claimsZeroTimeSlope: true), mode: mode), method: .naive)
        let oldError = relativeError(GradientTestSupport.flat(old), fd)
        print("naive vs FD, time-dependent field (\(mode.rawValue)): \(error); with ∂f/∂t = 0: \(oldError); "
              + "\(naive.acceptedSteps) accepted, \(naive.rejectedSteps) rejected")
        #expect(error < 1e-5)
        #expect(oldError > 100 * error, "∂f/∂t matters here: without it the gradient is wrong")
    }

    @Test("a time-dependent field without ∂f/∂t is refused by naive (naming aca), accepted by aca and naive-frozen")
    func refusesWithoutTimeDerivative() throws {
        let problem = Self.problem(ForcedDecayWithoutTimeSlope(), mode: .stepOnObservations)
        #expect(throws: ODEError.invalidInput(.timeDerivativeMissing(method: "naive"))) {
            try computeGradient(problem, method: .naive)
        }
        #expect(ODEError.invalidInput(.timeDerivativeMissing(method: "naive")).description.contains("aca"))
        let aca = try computeGradient(problem, method: .aca)
        let frozen = try computeGradient(problem, method: .naiveFrozenSteps)
        #expect(relativeError(GradientTestSupport.flat(aca), GradientTestSupport.flat(frozen)) < 1e-12)
    }

    @Test("autonomous fields: the time-dependent path with ∂f/∂t = 0 gives the autonomous path's bits")
    func autonomousUnchanged() throws {
        #expect(LotkaVolterra().isAutonomous && NBodyGravity(bodyCount: 3).isAutonomous)
        for mode in ObservationMode.allCases {
            func make<F: DifferentiableVectorField>(_ field: F) -> GradientProblem<F> {
                GradientProblem(field: field, initialState: [1.0, 0.8], parameters: LotkaVolterra.defaultParameters,
                                observations: Observations(times: [0.5, 2, 4.5], values: [1, 1, 0.5, 2, 2, 0.1]),
                                controller: StepSizeController(rtol: 1e-5, atol: 1e-5), observationMode: mode)
            }
            let plain = try computeGradient(make(LotkaVolterra()), method: .naive)
            let timed = try computeGradient(make(LotkaVolterraThroughTimePath()), method: .naive)
            #expect(plain.parameterGradient == timed.parameterGradient && plain.initialStateGradient == timed.initialStateGradient)
            #expect(plain.backwardEvaluations < timed.backwardEvaluations, "the autonomous path evaluates no ∂f/∂t")
        }
    }
}
