import Generation
import Testing

/// The shared sample-time, observation and solver checks: each refusal's words, and the first one wins.
@Suite struct SimulationKnobsTests {
    static func knobs(_ change: (inout SimulationKnobs) -> Void = { _ in }) -> SimulationKnobs {
        var knobs = SimulationKnobs(tEnd: 10, samples: 100, sampling: "regular", rate: 10, noise: 0, missing: 0,
                                    solver: nil, rtol: nil, atol: nil, dt: nil, threads: 2)
        change(&knobs)
        return knobs
    }

    private func message(_ knobs: SimulationKnobs, fixedStepsNeedDt: Bool = false) -> String? {
        do { try knobs.validate(fixedStepsNeedDt: fixedStepsNeedDt); return nil } catch { return String(describing: error) }
    }

    @Test("each setting that cannot work is named with its value", arguments: [
        (knobs { $0.tEnd = -1 }, "SimulationKnobs.tEnd must be a positive number (got -1.0)"),
        (knobs { $0.tEnd = .infinity }, "SimulationKnobs.tEnd must be a positive number (got inf)"),
        (knobs { $0.samples = 0 }, "SimulationKnobs.samples must be positive (got 0)"),
        (knobs { $0.sampling = "random" }, "SimulationKnobs.sampling must be regular, irregular or poisson (got random)"),
        (knobs { $0.rate = .nan }, "SimulationKnobs.rate must be positive (got nan)"),
        (knobs { $0.solver = "euler2" }, "unknown SimulationKnobs.solver euler2; choose one of"),
        (knobs { $0.rtol = .infinity }, "SimulationKnobs.rtol must be > 0 (got inf)"),
        (knobs { $0.atol = -1 }, "SimulationKnobs.atol must be ≥ 0 (got -1.0)"),
        (knobs { $0.solver = "dop853"; $0.dt = 0 }, "SimulationKnobs.dt must be > 0 (got 0.0)"),
        (knobs { $0.threads = 0 }, "SimulationKnobs.threads must be positive (got 0)"),
        (knobs { $0.samples = 0; $0.rtol = 0; $0.threads = 0 }, "SimulationKnobs.samples must be positive (got 0)"),
    ])
    func refusals(knobs: SimulationKnobs, expected: String) {
        #expect(message(knobs)?.hasPrefix(expected) == true, "\(message(knobs) ?? "no error")")
    }

    @Test("noise and missing fraction are the observation model's checks; a fixed-step solver needs dt only where asked")
    func observationAndFixedSteps() {
        #expect(message(Self.knobs { $0.missing = 1 })?.contains("ObservationModel.missingFraction") == true)
        #expect(message(Self.knobs { $0.solver = "rk4" }) == nil)
        #expect(message(Self.knobs { $0.solver = "rk4" }, fixedStepsNeedDt: true) == "SimulationKnobs.solver rk4 takes fixed steps: give SimulationKnobs.dt > 0")
        #expect(message(Self.knobs { $0.solver = "rk4"; $0.dt = 0.01 }, fixedStepsNeedDt: true) == nil)
        #expect(message(Self.knobs { $0.tEnd = nil; $0.atol = 0 }) == nil)
    }
}
