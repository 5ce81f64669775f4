/// Why an experiment's settings were refused.
public enum ReproductionError: Error, Equatable, CustomStringConvertible {
    /// A seed was given to an experiment with no randomness (``Reproduction/seedSetting`` is nil).
    case noSeed(experiment: String, seed: UInt64)
    /// A setting that cannot work, named with its value (``ACAThreeBody/Settings/validate()``, ``AdaBeliefToys/Settings/validate()``).
    case invalidSetting(String)

    public var description: String {
        switch self {
        case let .noSeed(experiment, seed):
            "\(experiment) has no random seed (got seed \(seed)); it would change nothing: give nil"
        case let .invalidSetting(message):
            message
        }
    }
}
