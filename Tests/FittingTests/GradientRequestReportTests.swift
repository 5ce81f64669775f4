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

/// `GradientRequest.threeBodyReport` / `equationReport`: a request run to the report `orrery gradient` prints,
/// as a library call; every method checked against the step-selecting finite differences.
@Suite("GradientRequest reports")
struct GradientRequestReportTests {
    /// Two three-body trajectories (G = 1, `/parameters/masses` 1, 1, 1) observed at t = 0.2 … 1 from a tight solve.
    static func threeBodyDataset() throws -> TrajectoryDataset {
        let times = (1...5).map { 0.2 * Double($0) }
        let starts: [[Double]] = [[1, 0, 0, -0.5, 0.8, 0, -0.5, -0.8, 0.1, 0, 0.5, 0, -0.45, -0.25, 0, 0.45, -0.25, 0],
                                  [0.9, 0.1, 0, -0.6, 0.7, 0, -0.3, -0.8, 0, 0, 0.45, 0.05, -0.4, -0.2, 0, 0.4, -0.25, 0]]
        var states: [Double] = []
        for y0 in starts {
            states += try solve(NBodyGravity(bodyCount: 3), from: 0, to: 1, initialState: y0, parameters: [1, 1, 1, 1],
                                rtol: 1e-12, atol: 1e-12, saveAt: times).savedStates
        }
        return TrajectoryDataset(times: NDArray(shape: [2, times.count], values: times + times),
                                 states: NDArray(shape: [2, times.count, 18], values: states),
                                 initialStates: NDArray(shape: [2, 18], values: starts.flatMap { $0 }),
                                 parameters: ["masses": NDArray(shape: [2, 3], values: Array(repeating: 1, count: 6))],
                                 metadata: DatasetMetadata(system: "three-body", stateLabels: (0..<18).map { "s\($0)" }))
    }

    @Test("three-body: naive, adjoint and ACA agree with finite differences at the overriding masses; repeats are timed")
    func threeBody() throws {
        let request = GradientRequest(method: "all", rtol: 1e-10, atol: 1e-10, observe: "positions", threads: 2, repeat: 1)
        let report = try request.threeBodyReport(dataset: Self.threeBodyDataset(), file: "tb", masses: [1.1, 0.9, 1.0], G: nil,
                                                 check: true, command: "test")
        #expect(report.methods.map(\.name) == ["naive", "adjoint", "aca"])
        #expect(report.parameters.masses == [1.1, 0.9, 1.0] && report.parameters.G == 1, "G: no /parameters/G, no root attribute")
        #expect(report.trajectories == [0, 1] && report.model == "three-body" && report.observe == "positions")
        for method in report.methods {
            let error = try #require(method.relativeError)
            #expect(error < 1e-5, "\(method.name): \(error)")
            #expect(method.secondsPerGradient != nil && method.repeats == 1)
        }
        let unchecked = try GradientRequest(method: "aca", trajectory: 1, threads: 1)
            .threeBodyReport(dataset: Self.threeBodyDataset(), file: "tb", masses: nil, G: 2, check: false, command: "test")
        #expect(unchecked.check == nil && unchecked.methods[0].relativeError == nil && unchecked.trajectories == [1])
        #expect(unchecked.parameters.masses == [1, 1, 1] && unchecked.parameters.G == 2, "the file's masses, the given G")
    }

    @Test("equations: the report of an equation model is the study of the same field (loss and gradient), checked")
    func equations() throws {
        let (model, unused) = try EquationModelSource.equations("d(x)/dt = alpha*x - beta*x*y; d(y)/dt = delta*x*y - gamma*y")
            .specification(values: ["alpha": [1.3], "beta": [0.8], "delta": [1.2], "gamma": [2.7]])
        #expect(unused.isEmpty)
        let dataset = try GradientStudyTests.dataset().matching(model, file: "lv")
        let request = GradientRequest(method: "naive,aca", rtol: 1e-10, atol: 1e-10, threads: 2)
        let report = try request.equationReport(specification: model, dataset: dataset, file: "lv", check: true, command: "test")
        #expect(report.methods.map(\.method) == ["naive", "aca"] && report.states == ["x", "y"] && report.trajectories == [7, 9])
        for method in report.methods {
            let error = try #require(method.relativeError)
            #expect(error < 1e-5, "\(method.method): \(error)")
        }
        // The built-in Lotka–Volterra field at the same values: the same loss and gradient up to rounding.
        let direct = try GradientStudyTests.study().gradients(methods: [("aca", .aca)], threads: 1)[0].result
        let aca = report.methods[1]
        let byName = Dictionary(uniqueKeysWithValues: zip(report.parameterNames, aca.parameterGradient))
        let reordered = ["alpha", "beta", "delta", "gamma"].map { byName[$0]! }
        #expect(abs(aca.loss - direct.loss) <= 1e-9 * abs(direct.loss))
        #expect(Checking.relativeError(reordered, direct.parameterGradient) < 1e-8)
    }

    @Test("equations: a gradient that is not finite is an error naming the method, not a quiet nan")
    func equationsNotFinite() throws {
        // d sqrt(k²)/dk at k = 0 is 0·∞: the loss is finite, ∂L/∂k is nan.
        let (model, _) = try EquationModelSource.equations("d(x)/dt = alpha*x - beta*x*y + sqrt(k*k); d(y)/dt = delta*x*y - gamma*y")
            .specification(values: ["alpha": [1.3], "beta": [0.8], "delta": [1.2], "gamma": [2.7], "k": [0]])
        let dataset = try GradientStudyTests.dataset().matching(model, file: "lv")
        #expect {
            _ = try GradientRequest(method: "aca", threads: 1).equationReport(specification: model, dataset: dataset, file: "lv",
                                                                             check: false, command: "test")
        } throws: { error in
            (error as? FitError)?.message.hasPrefix("aca: the loss or gradient is not finite") == true
        }
    }
}
