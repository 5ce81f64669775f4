extension ObservationModel {
    /// Throws unless ``noise`` is finite and ≥ 0 and ``missingFraction`` is in [0, 1).
    public func validate() throws(ObservationModelError) {
        guard noise >= 0, noise.isFinite else { throw ObservationModelError("ObservationModel.noise must be ≥ 0 (got \(noise))") }
        guard missingFraction >= 0, missingFraction < 1 else {
            throw ObservationModelError("ObservationModel.missingFraction must be in [0, 1) (got \(missingFraction))")
        }
    }
}

/// An ``ObservationModel`` that cannot be applied; the message names the setting.
public struct ObservationModelError: Error, Equatable, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
