import Datasets
import Testing

/// `ObservationModel.validate()`: noise finite and ≥ 0, a missing fraction in [0, 1).
@Suite("ObservationModel validation")
struct ObservationModelValidationTests {
    @Test("no noise, some noise, a fraction just below 1 pass")
    func accepted() throws {
        try ObservationModel().validate()
        try ObservationModel(noise: 0.3, missingFraction: 0.999).validate()
    }

    @Test("negative or non-finite noise and fractions outside [0, 1) are refused, naming the setting", arguments: [
        (ObservationModel(noise: -0.1), "ObservationModel.noise must be ≥ 0 (got -0.1)"),
        (ObservationModel(noise: .infinity), "ObservationModel.noise must be ≥ 0 (got inf)"),
        (ObservationModel(noise: .nan), "ObservationModel.noise must be ≥ 0 (got nan)"),
        (ObservationModel(missingFraction: 1), "ObservationModel.missingFraction must be in [0, 1) (got 1.0)"),
        (ObservationModel(missingFraction: -0.5), "ObservationModel.missingFraction must be in [0, 1) (got -0.5)"),
    ])
    func refused(model: ObservationModel, message: String) {
        #expect(throws: ObservationModelError(message)) { try model.validate() }
    }
}
