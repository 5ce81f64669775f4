import Foundation
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
}
