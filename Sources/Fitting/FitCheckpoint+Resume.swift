extension FitCheckpoint {
    /// The stored configuration (`config_json`) to continue this fit with (`Trainer.fit`'s `resume`): `iterations`,
    /// when given, becomes the target, never below the iterations already run (`orrery fit --resume FIT.h5 --iterations N`).
    /// - Throws: what decoding the stored configuration throws.
    public func resumedConfiguration(iterations: Int? = nil) throws -> FitConfiguration {
        var configuration = try FitConfiguration(jsonString: configurationJSON)
        if let iterations { configuration.iterations = max(iterations, iteration) }
        return configuration
    }
}
