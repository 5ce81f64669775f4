import Orrery

/// A damped oscillator x'' = −k x − c x', state (x, v), parameters (k, c), with its hand-written VJP.
struct Oscillator: DifferentiableVectorField {
    var dimension: Int { 2 }
    var parameterCount: Int { 2 }
    func evaluate(t: Double, y: UnsafeBufferPointer<Double>, parameters p: UnsafeBufferPointer<Double>,
                  into dy: UnsafeMutableBufferPointer<Double>) {
        dy[0] = y[1]
        dy[1] = -p[0] * y[0] - p[1] * y[1]
    }
    func vectorJacobianProduct(t: Double, y: UnsafeBufferPointer<Double>, parameters p: UnsafeBufferPointer<Double>,
                               cotangent w: UnsafeBufferPointer<Double>, stateCotangent gy: UnsafeMutableBufferPointer<Double>,
                               parameterCotangent gp: UnsafeMutableBufferPointer<Double>) {
        gy[0] -= w[1] * p[0]
        gy[1] += w[0] - w[1] * p[1]
        gp[0] -= w[1] * y[0]
        gp[1] -= w[1] * y[1]
    }
}

// 1. Check the VJP against finite differences before trusting any gradient.
let vjpError = VJPChecker.maxRelativeError(Oscillator(), y: [0.3, -0.2], parameters: [2, 0.3], cotangent: [1, -0.5])
print("VJP check: max relative error \(vjpError)")

// 2. Observations: the true system (k = 2, c = 0.3) sampled at t = 0.25, 0.5, …, 6.
let truth = [2.0, 0.3], start = [1.0, 0.0], times = (1...24).map { 0.25 * Double($0) }
let solution = try solve(Oscillator(), from: 0, to: 6, initialState: start, parameters: truth, rtol: 1e-10, atol: 1e-10)
let observed = try times.flatMap { try solution($0) }
let data = try FitData(trajectories: [.init(index: 0, initialState: start, observations: Observations(times: times, values: observed))])

// 3. Fit from (k, c) = (1, 0.1) with ACA gradients and AdaBelief.
var adaBelief = AdaBeliefConfiguration.pytorch021
adaBelief.learningRate = 0.05
let settings = FitSettings(optimizer: .adaBelief(adaBelief), iterations: 600, threads: 1, gradient: .aca,
                           schedule: .exponential(gamma: 0.995))
let fit = try Trainer.fit(field: Oscillator(), initialParameters: [1, 0.1], parameterNames: ["k", "c"],
                          data: data, settings: settings)
print("status: \(fit.status) after \(fit.iteration) iterations, loss \(fit.bestValidationLoss)")
for (name, value) in zip(["k", "c"], fit.bestParameters) { print("\(name) = \(value)") }
