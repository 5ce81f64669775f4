import Fitting
import Gradients
import ODE
import Optimizers
import Testing

/// `FitRequest`: a fit's settings by name (what `orrery fit`'s flags give), checked in a fixed order and turned
/// into `FitSettings` with the knobs left to the optimizer that runs.
@Suite("FitRequest")
struct FitRequestTests {
    static func request(_ change: (inout FitRequest) -> Void = { _ in }) -> FitRequest {
        var request = FitRequest(threads: 2)
        change(&request)
        return request
    }

    static func settings(_ request: FitRequest) throws -> (FitSettings, open: FitSettings.StrategyDefaults) {
        try request.settings(strategy: .auto, optimizer: .adaBelief(.pytorch021), schedule: .constant)
    }

    @Test("sound requests pass, at the edges too: 0 iterations, atol 0, alf with mali, every adaptive tableau")
    func accepted() throws {
        try Self.request().validate()
        try Self.request { $0.iterations = 0; $0.atol = 0; $0.batchSize = 1; $0.validateEvery = 1; $0.checkpointEvery = 1 }.validate()
        try Self.request { $0.gradient = "mali"; $0.solver = "alf" }.validate()
        try Self.request { $0.gradient = "mali" }.validate()
        for tableau in ButcherTableau.all where tableau.isAdaptive { try Self.request { $0.solver = tableau.name }.validate() }
    }

    @Test("each bad knob is named with its value", arguments: [
        (FitRequestTests.request { $0.iterations = -1 }, "FitRequest.iterations must be ≥ 0 (got -1)"),
        (FitRequestTests.request { $0.batchSize = 0 }, "FitRequest.batchSize must be positive (got 0)"),
        (FitRequestTests.request { $0.gradient = "acca" }, "FitRequest.gradient must be aca, adjoint, naive or mali (got acca)"),
        (FitRequestTests.request { $0.observationMode = "steps" }, "FitRequest.observationMode must be auto, step or dense (got steps)"),
        (FitRequestTests.request { $0.gradient = "mali"; $0.solver = "dopri5" },
         "FitRequest.gradient mali differentiates the asynchronous leapfrog: use FitRequest.solver alf or leave FitRequest.solver out (got dopri5)"),
        (FitRequestTests.request { $0.solver = "alf" },
         "FitRequest.solver alf (the asynchronous leapfrog) is differentiated only by FitRequest.gradient mali (got FitRequest.gradient aca)"),
        (FitRequestTests.request { $0.solver = "rk4" }, "FitRequest.solver must be adaptive: \(ButcherTableau.adaptiveNames) (got rk4)"),
        (FitRequestTests.request { $0.rtol = 0 }, "FitRequest.rtol must be finite and > 0 (got 0.0)"),
        (FitRequestTests.request { $0.rtol = .infinity }, "FitRequest.rtol must be finite and > 0 (got inf)"),
        (FitRequestTests.request { $0.atol = -1e-9 }, "FitRequest.atol must be finite and ≥ 0 (got -1e-09)"),
        (FitRequestTests.request { $0.atol = .nan }, "FitRequest.atol must be finite and ≥ 0 (got nan)"),
        (FitRequestTests.request { $0.threads = 0 }, "FitRequest.threads, FitRequest.validateEvery and FitRequest.checkpointEvery must be positive"),
        (FitRequestTests.request { $0.validateEvery = 0 }, "FitRequest.threads, FitRequest.validateEvery and FitRequest.checkpointEvery must be positive"),
        (FitRequestTests.request { $0.checkpointEvery = 0 }, "FitRequest.threads, FitRequest.validateEvery and FitRequest.checkpointEvery must be positive"),
    ])
    func refused(request: FitRequest, message: String) {
        #expect(throws: FitError(message)) { try request.validate() }
    }

    @Test("the first bad knob in the documented order is the one reported")
    func order() throws {
        let boundsError = try #require(throws: FitError.self) { try ParameterBounds.parse("junk") }
        #expect(throws: FitError("FitRequest.iterations must be ≥ 0 (got -1)")) {
            try Self.request { $0.iterations = -1; $0.bounds = "junk"; $0.batchSize = 0 }.validate()
        }
        #expect(throws: boundsError) { try Self.request { $0.bounds = "junk"; $0.batchSize = 0; $0.gradient = "x" }.validate() }
        #expect(throws: FitError("FitRequest.gradient must be aca, adjoint, naive or mali (got x)")) {
            try Self.request { $0.gradient = "x"; $0.observationMode = "y"; $0.rtol = 0 }.validate()
        }
        #expect(throws: FitError("FitRequest.rtol must be finite and > 0 (got 0.0)")) {
            try Self.request { $0.rtol = 0; $0.atol = -1; $0.threads = 0 }.validate()
        }
    }

    @Test("omitted knobs are left open and hold the first-order defaults; given ones pass through and are not open")
    func settingsFromRequest() throws {
        let (open, openSet) = try Self.settings(Self.request())
        #expect(openSet == [.tableau, .rtol, .atol, .iterations, .ftol, .xtol, .gtol])
        #expect(open.tableau == .dormandPrince5 && open.rtol == 1e-7 && open.atol == 1e-9 && open.iterations == 0)
        #expect(open.gradient == .aca && open.observationMode == nil && open.batching == .auto && open.positivity)
        #expect(open.tolerances == ConvergenceTolerances(ftol: 2.2e-9, xtol: 1e-10, gtol: 1e-5))
        let (given, none) = try Self.settings(Self.request {
            ($0.gradient, $0.observationMode, $0.batching, $0.solver) = ("adjoint", "dense", "lockstep", "tsit5")
            ($0.rtol, $0.atol, $0.iterations, $0.ftol, $0.xtol, $0.gtol) = (1e-6, 0, 7, 1e-3, 1e-4, 1e-5)
            ($0.bounds, $0.batchSize, $0.restarts, $0.positivity) = ("a=0:2", 3, 4, false)
        })
        #expect(none.isEmpty)
        #expect(given.gradient == .adjoint(rtol: 1e-6, atol: 0) && given.tableau == .tsitouras5 && given.rtol == 1e-6 && given.atol == 0)
        #expect(given.observationMode == .denseOutput && given.batching == .lockstep && given.iterations == 7 && given.threads == 2)
        #expect(given.tolerances == ConvergenceTolerances(ftol: 1e-3, xtol: 1e-4, gtol: 1e-5))
        #expect(given.bounds == (try ParameterBounds.parse("a=0:2")) && given.batchSize == 3 && given.restarts == 4 && !given.positivity)
        #expect(try Self.settings(Self.request { $0.gradient = "mali" }).0.gradient == .mali)
    }

    @Test("an unknown batching is refused when the settings are made, naming FitRequest.batching")
    func unknownBatching() {
        #expect(throws: FitError("FitRequest.batching must be auto, per-trajectory, shared-grid or lockstep (got nonsense)")) {
            try Self.settings(Self.request { $0.batching = "nonsense" })
        }
    }

    @Test("atol 0 is a request the configuration path runs (the controller accepts it); FitSettings.validate() asks for > 0")
    func zeroAbsoluteTolerance() throws {
        let request = Self.request { $0.atol = 0; $0.rtol = 1e-8 }
        try request.validate()
        let settings = try Self.settings(request).0
        try StepSizeController(rtol: settings.rtol, atol: settings.atol).validate()
        #expect(throws: FitError("FitSettings.rtol and FitSettings.atol must be finite and > 0 (got 1e-08, 0.0)")) { try settings.validate() }
    }
}
