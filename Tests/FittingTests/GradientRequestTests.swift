import Fitting
import Gradients
import ODE
import Testing

/// `GradientRequest`: the settings of `orrery gradient` by name, checked in a fixed order.
@Suite("GradientRequest")
struct GradientRequestTests {
    static func request(_ change: (inout GradientRequest) -> Void = { _ in }) -> GradientRequest {
        var request = GradientRequest(threads: 2)
        change(&request)
        return request
    }

    @Test("sound requests pass and give the typed tableau, controller, mode and methods")
    func accepted() throws {
        try Self.request().validate()
        try Self.request { $0.method = "mali"; $0.solver = "alf" }.validate()
        try Self.request { $0.rtol = 0; $0.atol = 1e-9; $0.trajectory = 0; $0.repeat = 0; $0.observe = "positions" }.validate()
        let request = Self.request {
            ($0.method, $0.solver, $0.rtol, $0.atol, $0.adjointAtol, $0.observationMode) = ("all", "dop853", 1e-8, 1e-10, 1e-11, "dense")
        }
        try request.validate()
        #expect(request.tableau == .dormandPrince8 && request.mode == .denseOutput)
        #expect(request.controller == StepSizeController(rtol: 1e-8, atol: 1e-10))
        let methods = try request.methods()
        #expect(methods.map(\.name) == ["naive", "adjoint", "aca"])
        #expect(methods[1].method == .adjoint(rtol: 1e-8, atol: 1e-11), "the adjoint's backward rtol defaults to the forward one")
    }

    @Test("each bad setting is named with its value", arguments: [
        (GradientRequestTests.request { $0.method = "acca" },
         "unknown GradientMethod.list(parsing:) name acca; choose naive, adjoint, aca, mali, a comma-separated list, or all"),
        (GradientRequestTests.request { $0.method = "aca,mali"; $0.solver = "alf" },
         "GradientRequest.solver alf (the asynchronous leapfrog) is differentiated by GradientRequest.method mali only; use an RK GradientRequest.solver for aca"),
        (GradientRequestTests.request { $0.solver = "rk4" },
         "GradientRequest.solver must be an adaptive method: \(ButcherTableau.adaptiveNames), or alf (got rk4)"),
        (GradientRequestTests.request { $0.method = "mali" },
         "GradientRequest.method mali differentiates the asynchronous leapfrog: give GradientRequest.solver alf (got GradientRequest.solver dopri5)"),
        (GradientRequestTests.request { $0.rtol = -1 }, "GradientRequest.rtol must be finite and ≥ 0 (got -1.0)"),
        (GradientRequestTests.request { $0.atol = .nan }, "GradientRequest.atol must be finite and ≥ 0 (got nan)"),
        (GradientRequestTests.request { $0.adjointRtol = .infinity }, "GradientRequest.adjointRtol must be finite and ≥ 0 (got inf)"),
        (GradientRequestTests.request { $0.atol = -2; $0.adjointAtol = 1 }, "GradientRequest.atol must be finite and ≥ 0 (got -2.0)"),
        (GradientRequestTests.request { $0.adjointAtol = -1 }, "GradientRequest.adjointAtol must be finite and ≥ 0 (got -1.0)"),
        (GradientRequestTests.request { $0.rtol = 0; $0.atol = 0 }, "GradientRequest.rtol and GradientRequest.atol cannot both be 0"),
        (GradientRequestTests.request { $0.observe = "velocities" }, "GradientRequest.observe must be positions or all (got velocities)"),
        (GradientRequestTests.request { $0.observationMode = "auto" }, "GradientRequest.observationMode must be step or dense (got auto)"),
        (GradientRequestTests.request { $0.trajectory = -1 }, "GradientRequest.trajectory must be ≥ 0 (got -1)"),
        (GradientRequestTests.request { $0.threads = 0 }, "GradientRequest.threads must be positive (got 0)"),
        (GradientRequestTests.request { $0.repeat = -1 }, "GradientRequest.repeat must be ≥ 0 (got -1)"),
        (GradientRequestTests.request { $0.method = ","; $0.rtol = -1 }, "GradientMethod.list(parsing:) got an empty list"),
        (GradientRequestTests.request { $0.rtol = -1; $0.observe = "x"; $0.threads = 0 }, "GradientRequest.rtol must be finite and ≥ 0 (got -1.0)"),
    ])
    func refused(request: GradientRequest, message: String) {
        #expect(throws: FitError(message)) { try request.validate() }
    }
}
