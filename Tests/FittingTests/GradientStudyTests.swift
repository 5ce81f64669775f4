import Checking
import Datasets
import Fitting
import Foundation
import Gradients
import HDF5Kit
import Models
import ODE
import Physics
import Testing

/// `GradientStudy`: the computation behind `orrery gradient`, as a library call.
@Suite("GradientStudy")
struct GradientStudyTests {
    /// Two Lotka–Volterra trajectories observed at t = 0.5 … 5 from a tight solve at the published
    /// parameters; the second has its second component masked at every other sample.
    static func dataset() throws -> TrajectoryDataset {
        let times = (1...10).map { 0.5 * Double($0) }
        let starts: [[Double]] = [[1, 0.5], [0.8, 0.7]]
        var states: [Double] = [], mask: [UInt8] = []
        for (b, y0) in starts.enumerated() {
            let solution = try solve(LotkaVolterra(), from: 0, to: 5, initialState: y0, parameters: LotkaVolterra.defaultParameters,
                                     rtol: 1e-12, atol: 1e-12, saveAt: times)
            states += solution.savedStates
            for k in times.indices { mask += [1, b == 1 && k % 2 == 0 ? 0 : 1] }
        }
        return TrajectoryDataset(times: NDArray(shape: [2, times.count], values: times + times),
                                 states: NDArray(shape: [2, times.count, 2], values: states),
                                 mask: NDArray(shape: [2, times.count, 2], values: mask),
                                 initialStates: NDArray(shape: [2, 2], values: starts.flatMap { $0 }),
                                 metadata: DatasetMetadata(system: "lotka-volterra", stateLabels: ["x", "y"]),
                                 trajectoryIDs: [7, 9])
    }

    /// A study away from the truth (so the gradient is not zero).
    static func study(trajectory: Int? = nil) throws -> GradientStudy<LotkaVolterra> {
        try GradientStudy.named(field: LotkaVolterra(), parameters: [1.3, 0.8, 1.2, 2.7], dataset: dataset(), file: "lv", trajectory: trajectory,
                                tableau: .dormandPrince5, controller: StepSizeController(rtol: 1e-10, atol: 1e-10),
                                observationMode: .stepOnObservations)
    }

    @Test("naive, adjoint and ACA agree with each other and with the step-selecting finite differences; masked entries leave the loss")
    func methodsAgreeWithFiniteDifferences() throws {
        let study = try Self.study()
        #expect(study.trajectoryIDs == [7, 9])
        let outcomes = try study.gradients(methods: [("naive", .naive), ("adjoint", .adjoint(rtol: 1e-10, atol: 1e-10)), ("aca", .aca)], threads: 2)
        let reference = try study.finiteDifferenceReference(threads: 2)
        let flat = { (r: BatchGradientResult) in r.parameterGradient + r.initialStateGradients.flatMap { $0 } }
        #expect(reference.observedCount == 10 * 2 + 10 * 2 - 5)
        for outcome in outcomes {
            try GradientStudy<LotkaVolterra>.requireFinite(outcome)
            #expect(outcome.secondsPerGradient == nil)
            let error = Checking.relativeError(flat(outcome.result), flat(reference))
            #expect(error < 1e-5, "\(outcome.name): \(error)")
        }
        // The report's relative errors are exactly those.
        let report = EquationGradientReport(command: "test", data: "lv", model: "lotka-volterra", states: ["x", "y"], study: study,
                                            outcomes: outcomes, reference: reference)
        for (method, outcome) in zip(report.methods, outcomes) {
            #expect(method.relativeError == Checking.relativeError(flat(outcome.result), flat(reference)))
        }
        #expect(report.text.contains("aca: loss"))
        #expect(report.parameterNames == ["alpha", "beta", "delta", "gamma"])
    }

    @Test("one trajectory by index; one out of range is a FitError naming GradientStudy's trajectory")
    func trajectorySelection() throws {
        let one = try Self.study(trajectory: 1)
        #expect(one.trajectoryIDs == [9] && one.problems.count == 1)
        #expect(one.problems[0].initialState == [0.8, 0.7])
        #expect(throws: FitError("GradientStudy's trajectory 2 is out of range: lv has 2 trajectories")) { try Self.study(trajectory: 2) }
    }

    @Test("the step-selecting finite difference matches the exact gradient of exponential decay")
    func finiteDifferenceOnExactSolution() throws {
        // y' = -k y, y(0) = y0: y(t) = y0 e^{-kt}; loss = mean (y(tᵢ) − dᵢ)² with d = 0 → L = mean y0² e^{-2k tᵢ}.
        struct Decay: DifferentiableVectorField, Sendable {
            var dimension: Int { 1 }
            var parameterCount: Int { 1 }
            func evaluate(t: Double, y: UnsafeBufferPointer<Double>, parameters p: UnsafeBufferPointer<Double>,
                          into dy: UnsafeMutableBufferPointer<Double>) {
                dy[0] = -p[0] * y[0]
            }
            func vectorJacobianProduct(t: Double, y: UnsafeBufferPointer<Double>, parameters p: UnsafeBufferPointer<Double>,
                                       cotangent v: UnsafeBufferPointer<Double>, stateCotangent gy: UnsafeMutableBufferPointer<Double>,
                                       parameterCotangent gp: UnsafeMutableBufferPointer<Double>) {
                gy[0] += -p[0] * v[0]
                gp[0] += -y[0] * v[0]
            }
        }
        let times = [0.5, 1.0, 1.5], k = 0.7, y0 = 1.3
        let problem = GradientProblem(field: Decay(), t0: 0, initialState: [y0], parameters: [k],
                                      observations: Observations(times: times, values: [0, 0, 0]),
                                      tableau: .dormandPrince8, controller: StepSizeController(rtol: 1e-13, atol: 1e-13))
        let gradient = try FiniteDifference.gradient(of: problem, relativeSteps: FiniteDifference.selectionSteps)
        let dk = times.map { -2 * $0 * y0 * y0 * exp(-2 * k * $0) }.reduce(0, +) / 3
        let dy0 = times.map { 2 * y0 * exp(-2 * k * $0) }.reduce(0, +) / 3
        #expect(abs(gradient[0] - dk) < 1e-9 * abs(dk), "\(gradient[0]) vs \(dk)")
        #expect(abs(gradient[1] - dy0) < 1e-9 * abs(dy0), "\(gradient[1]) vs \(dy0)")
    }
}
