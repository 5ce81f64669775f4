import Reproductions
import Testing

/// `ACAThreeBody.Settings.validate()` and `AdaBeliefToys.Settings.validate()`: a setting that cannot work is
/// refused by name, in a fixed order, before `run` does anything; the published and quick settings pass.
@Suite("Reproduction settings validation")
struct ReproductionSettingsValidationTests {
    @Test("published and quick settings pass")
    func accepted() throws {
        for quick in [false, true] {
            try ACAThreeBody.settings(quick: quick).validate()
            try AdaBeliefToys.settings(quick: quick).validate()
        }
    }

    @Test("each bad setting is named with its value; the first in order wins", arguments: [
        (AdaBeliefToys.Settings(steps: 0), "AdaBeliefToys.Settings.steps must be at least 1 (got 0)."),
        (AdaBeliefToys.Settings(learningRate: -1), "AdaBeliefToys.Settings.learningRate must be positive (got -1.0)."),
        (AdaBeliefToys.Settings(learningRate: .infinity), "AdaBeliefToys.Settings.learningRate must be positive (got inf)."),
        (AdaBeliefToys.Settings(tolerance: .nan), "AdaBeliefToys.Settings.tolerance must be positive (got nan)."),
        (AdaBeliefToys.Settings(steps: -2, learningRate: .nan, tolerance: 0), "AdaBeliefToys.Settings.steps must be at least 1 (got -2)."),
    ])
    func adaBeliefRefused(settings: AdaBeliefToys.Settings, message: String) {
        #expect(throws: ReproductionError.invalidSetting(message)) { try settings.validate() }
        #expect(throws: ReproductionError.invalidSetting(message)) { _ = try AdaBeliefToys.run(settings) }
    }

    @Test("aca-three-body needs a start; run refuses before reading its data")
    func acaRefused() {
        let settings = ACAThreeBody.Settings(starts: 0, dataPath: "no-such-file.h5")
        #expect(throws: ReproductionError.invalidSetting("ACAThreeBody.Settings.starts must be at least 1 (got 0).")) { try settings.validate() }
        #expect(throws: ReproductionError.invalidSetting("ACAThreeBody.Settings.starts must be at least 1 (got 0).")) {
            _ = try ACAThreeBody.run(settings, threads: 1)
        }
    }
}
