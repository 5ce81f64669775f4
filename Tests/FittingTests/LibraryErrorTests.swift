import Datasets
import Fitting
import Testing

/// Library errors name the library's settings, never the command line's flags.
@Suite("Library errors name settings")
struct LibraryErrorTests {
    @Test("a bound on an unknown parameter names FitConfiguration.bounds")
    func unknownBound() throws {
        var configuration = TrainerTests.massConfiguration(start: [1.0, 0.95, 1.05], iterations: 1)
        configuration.bounds = ["nonsense": ParameterBounds(lower: 0, upper: 1)]
        do {
            _ = try Trainer.fit(configuration: configuration, dataset: try TrajectoryDataset.read(from: TrainerTests.acaData),
                                checkpoints: nil, threads: 1)
            Issue.record("no error")
        } catch let error as FitError {
            #expect(error.message.contains("FitConfiguration.bounds names an unknown parameter 'nonsense'"), "\(error.message)")
            #expect(!error.message.contains("--"), "\(error.message)")
        }
    }
}
