import Foundation
import OrreryCLI
import TestSupport
import Testing

/// The checks `orrery fit` and `orrery gradient` left to the library (`FitRequest`, `GradientRequest`) name the
/// library's knobs; the command line prints the flags that set them.
@Suite("Request knobs print as flags")
struct RequestKnobNamesTests {
    static let fitKnobs = ["gradient", "observationMode", "batching", "solver", "rtol", "atol", "iterations", "batchSize", "threads",
                           "validateEvery", "checkpointEvery", "observe", "initialState"]
    static let gradientKnobs = ["method", "solver", "rtol", "atol", "adjointRtol", "adjointAtol", "observe", "observationMode",
                                "trajectory", "threads", "repeat"]

    @Test("every FitRequest and GradientRequest knob becomes a flag its command has")
    func everyKnobIsAFlag() throws {
        let fitHelp = try TestSupport.orrery(["fit", "--help"]).stdout
        let gradientHelp = try TestSupport.orrery(["gradient", "--help"]).stdout
        for (prefix, names, help) in [("FitRequest.", Self.fitKnobs, fitHelp), ("GradientRequest.", Self.gradientKnobs, gradientHelp)] {
            for name in names {
                let flag = CLIKnobNames.translate("(\(prefix)\(name))")
                #expect(flag.hasPrefix("(--") && help.contains(flag.dropFirst().dropLast() + " "), "\(prefix)\(name) → \(flag)")
            }
        }
        #expect(CLIKnobNames.translate("FitRequest.threads, FitRequest.validateEvery and FitRequest.checkpointEvery must be positive")
                == "--threads, --validate-every and --checkpoint-every must be positive")
    }

    @Test("a refused flag is one line naming the flag, as before the checks moved", arguments: [
        (["fit", "--data", "x.h5", "--batch-size", "0"], "orrery: error: --batch-size must be positive (got 0)"),
        (["fit", "--data", "x.h5", "--gradient", "mali", "--solver", "tsit5"],
         "orrery: error: --gradient mali differentiates the asynchronous leapfrog: use --solver alf or leave --solver out (got tsit5)"),
        (["fit", "--data", "x.h5", "--validate-every", "0"], "orrery: error: --threads, --validate-every and --checkpoint-every must be positive"),
        (["gradient", "--data", "x.h5", "--adjoint-rtol", "-1"], "orrery: error: --adjoint-rtol must be finite and ≥ 0 (got -1.0)"),
        (["gradient", "--data", "x.h5", "--method", "aca", "--solver", "alf"],
         "orrery: error: --solver alf (the asynchronous leapfrog) is differentiated by --method mali only; use an RK --solver for aca"),
    ])
    func refusedFlag(arguments: [String], line: String) throws {
        let result = try TestSupport.orrery(arguments, currentDirectory: try TestSupport.temporaryDirectory())
        #expect(result.status == 1 && result.stderr == line + "\n", "\(result.stderr)")
    }
}
