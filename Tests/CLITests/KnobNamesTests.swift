import Foundation
import OrreryCLI
import TestSupport
import Testing

/// The library names its settings; `orrery fit` prints the flags that set them (`CLIKnobNames`).
@Suite("CLI errors name flags")
struct KnobNamesTests {
    static let acaData = TestSupport.repositoryRoot.appendingPathComponent("datasets/threebody-aca-paper.h5").path

    @Test("a bound on an unknown parameter: the library's FitConfiguration.bounds is printed as --bounds")
    func unknownBound() throws {
        let directory = try TestSupport.temporaryDirectory()
        let result = try TestSupport.orrery(["fit", "--data", Self.acaData, "--model", "three-body", "--parameters", "masses=1,1,1",
                                             "--observe", "positions", "--bounds", "nonsense=0:1", "--output", "x.h5"],
                                            currentDirectory: directory)
        #expect(result.status == 1)
        #expect(result.stderr.contains("--bounds names an unknown parameter 'nonsense'"), "\(result.stderr)")
        #expect(!result.stderr.contains("FitConfiguration") && !result.stderr.contains("FitSettings"), "\(result.stderr)")
    }

    @Test("a diverging first-order fit: the remedy names --lr and --clip-norm, and the fit file's reason has no library names")
    func divergenceRemedy() throws {
        let directory = try TestSupport.temporaryDirectory()
        let result = try TestSupport.orrery(["fit", "--data", Self.acaData, "--model", "three-body", "--parameters", "masses=1,0.95,1.05",
                                             "--observe", "positions", "--train-until", "1", "--optimizer", "sgd", "--lr", "10",
                                             "--iterations", "50", "--rtol", "1e-7", "--atol", "1e-9", "--output", "d.h5"],
                                            currentDirectory: directory)
        #expect(result.status == 1)
        #expect(result.stderr.contains("(--lr)") && result.stderr.contains("(--clip-norm)"), "\(result.stderr)")
        #expect(!result.stderr.contains("FitConfiguration") && !result.stderr.contains("FitSettings"), "\(result.stderr)")
    }

    @Test("--batching shared-grid on a model without batch kernels: the remedy names --batching per-trajectory")
    func sharedGridRemedy() throws {
        let directory = try TestSupport.temporaryDirectory()
        let data = TestSupport.repositoryRoot.appendingPathComponent("datasets/lotka-volterra-missing.h5").path
        let result = try TestSupport.orrery(["fit", "--data", data, "--model", "lotka-volterra", "--batching", "shared-grid",
                                             "--output", "x.h5"], currentDirectory: directory)
        #expect(result.status == 1)
        #expect(result.stderr.contains("set --batching per-trajectory"), "\(result.stderr)")
        #expect(!result.stderr.contains("FitSettings") && !result.stderr.contains(".perTrajectory"), "\(result.stderr)")
    }

    /// The regular entries of the table before the camelCase → kebab-case rule replaced them.
    static let formerTable: [(String, String)] = [
        ("FitConfiguration.clipNorm", "--clip-norm"), ("FitConfiguration.patience", "--patience"),
        ("FitConfiguration.trainUntil", "--train-until"), ("FitConfiguration.bounds", "--bounds"),
        ("FitSettings.threads", "--threads"), ("FitSettings.iterations", "--iterations"), ("FitSettings.rtol", "--rtol"),
        ("FitSettings.atol", "--atol"), ("FitSettings.batchSize", "--batch-size"), ("FitSettings.checkpointEvery", "--checkpoint-every"),
        ("FitSettings.gradient", "--gradient"), ("FitSettings.batching", "--batching"), ("FitSettings.seed", "--seed"),
        ("FitSettings.restarts", "--restarts"), ("FitSettings.tolerances.ftol", "--ftol"), ("FitSettings.tolerances.xtol", "--xtol"),
        ("FitSettings.tolerances.gtol", "--gtol"), ("FitSettings.validateUntil", "--validate-until"),
        ("FitSettings.trainUntil", "--train-until"), ("FitSettings.validationFraction", "--validation-fraction"),
        ("FitSettings.validateEvery", "--validate-every"), ("FitSettings.clipNorm", "--clip-norm"),
        ("EquationObservation.initialState", "--initial-state"), ("EquationObservation.observe", "--observe"),
        ("DatasetRecipe.tEnd", "--t-end"), ("DatasetRecipe.dt", "--dt"), ("DatasetRecipe.count", "--count"),
        ("DatasetRecipe.samples", "--samples"),
    ]

    @Test("the camelCase → --kebab-case rule gives exactly the former table's flags, and each is a flag of its command")
    func ruleMatchesFormerTable() throws {
        let fitHelp = try TestSupport.orrery(["fit", "--help"]).stdout
        let generateHelp = try TestSupport.orrery(["generate", "time-series", "--help"]).stdout
        for (library, flag) in Self.formerTable {
            #expect(CLIKnobNames.translate("set \(library) to 3 (\(library))") == "set \(flag) to 3 (\(flag))", "\(library)")
            #expect((library.hasPrefix("DatasetRecipe.") ? generateHelp : fitHelp).contains(flag + " "), "\(flag)")
        }
        // The irregular phrases still win over the rule's shorter ones.
        #expect(CLIKnobNames.translate("FitSettings.rtol/FitSettings.atol") == "--rtol/--atol")
        #expect(CLIKnobNames.translate("set FitSettings.batching to .perTrajectory") == "set --batching per-trajectory")
        #expect(CLIKnobNames.translate("FitSettings.gradient to .aca") == "--gradient aca")
    }
}
