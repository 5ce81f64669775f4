extension FitSettings {
    /// At most this many starts (``restarts``): each runs a whole fit.
    public static let maximumRestarts = 1000

    /// Throws ``FitError`` naming the first of the settings that split the data and stop the fit that cannot
    /// work: ``restarts`` (1…``maximumRestarts``), the ``tolerances`` (finite, ≥ 0; scipy's ftol/xtol/gtol),
    /// the validation window `(trainUntil, validateUntil]`, ``validationFraction`` (in [0, 1)),
    /// ``validateEvery`` and ``clipNorm`` (positive). Part of ``validate()``.
    public func validateSchedule() throws(FitError) {
        if let restarts, !(1...Self.maximumRestarts).contains(restarts) {
            throw FitError("FitSettings.restarts must be in 1…\(Self.maximumRestarts) (got \(restarts))")
        }
        if let tolerances {
            for (name, value) in [("ftol", tolerances.ftol), ("xtol", tolerances.xtol), ("gtol", tolerances.gtol)] {
                guard value >= 0, value.isFinite else { throw FitError("FitSettings.tolerances.\(name) must be finite and ≥ 0 (got \(value))") }
            }
        }
        if let validateUntil {
            guard let trainUntil, validateUntil > trainUntil else {
                throw FitError("FitSettings.validateUntil needs FitSettings.trainUntil below it (the validation window is (T, V])")
            }
        }
        guard (0..<1).contains(validationFraction) else {
            throw FitError("FitSettings.validationFraction must be in [0, 1) (got \(validationFraction))")
        }
        guard validateEvery >= 1 else { throw FitError("FitSettings.validateEvery must be positive (got \(validateEvery))") }
        if let clipNorm { guard clipNorm > 0 else { throw FitError("FitSettings.clipNorm must be positive (got \(clipNorm))") } }
    }
}
