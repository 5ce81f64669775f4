import ODE

/// Everything one gradient needs: the model, where it starts, what was observed and
/// how to integrate. The loss is ``loss``: by default ``Observations``' masked, weighted mean
/// squared error.
///
/// The solve runs from `t0` to the last observation time with `tableau` under
/// `controller`; `parameters` and `initialState` are the variables differentiated.
public struct GradientProblem<Field: DifferentiableVectorField> {
    public var field: Field
    /// Start time of the integration.
    public var t0: Double
    /// `y(t0)`, length `field.dimension`.
    public var initialState: [Double]
    /// `p`, length `field.parameterCount`.
    public var parameters: [Double]
    public var observations: Observations
    /// An adaptive explicit Runge–Kutta method (it needs an error estimate).
    public var tableau: ButcherTableau
    /// Tolerances and step-size knobs of the forward solve (and of ACA's, since it replays it).
    public var controller: StepSizeController
    /// Land on observation times (default) or read them from dense output.
    public var observationMode: ObservationMode
    /// What is differentiated: the masked mean squared error by default, or your own ``ObservationLoss``.
    public var loss: ObservationLoss

    public init(
        field: Field, t0: Double = 0, initialState: [Double], parameters: [Double], observations: Observations,
        tableau: ButcherTableau = .dormandPrince5, controller: StepSizeController,
        observationMode: ObservationMode = .stepOnObservations, loss: ObservationLoss = .meanSquaredError
    ) {
        self.field = field
        self.t0 = t0
        self.initialState = initialState
        self.parameters = parameters
        self.observations = observations
        self.tableau = tableau
        self.controller = controller
        self.observationMode = observationMode
        self.loss = loss
    }

    /// End of the integration: the last observation time (or `t0` without observations).
    @inlinable public var t1: Double { observations.times.last ?? t0 }

    /// Solve options that make the forward pass produce the observed states.
    @inlinable public var solveOptions: SolveOptions {
        switch observationMode {
        case .stepOnObservations: SolveOptions(stopTimes: observations.times)
        case .denseOutput: SolveOptions(saveAt: observations.times)
        }
    }

    /// Checks sizes, finiteness and ordering; throws `ODEError.invalidInput` naming the problem.
    public func validate() throws(ODEError) {
        let n = field.dimension, k = observations.count
        func setting(_ name: String, _ value: Double, _ requirement: String) -> ODEError {
            .invalidInput(.invalidSetting(name: name, value: value, requirement: requirement))
        }
        guard tableau.isAdaptive else { throw .invalidInput(.methodHasNoErrorEstimate(method: tableau.name)) }
        try controller.validate()
        guard t0.isFinite else { throw .invalidInput(.nonFiniteTime(name: "t0", value: t0)) }
        guard initialState.count == n else {
            throw .invalidInput(.dimensionMismatch(name: "initialState", expected: n, actual: initialState.count))
        }
        guard parameters.count == field.parameterCount else {
            throw .invalidInput(.dimensionMismatch(name: "parameters", expected: field.parameterCount, actual: parameters.count))
        }
        if let bad = initialState.firstIndex(where: { !$0.isFinite }) { throw .invalidInput(.nonFiniteInitialState(index: bad)) }
        if let bad = parameters.firstIndex(where: { !$0.isFinite }) { throw setting("parameters[\(bad)]", parameters[bad], "finite") }
        guard observations.values.count == k * n else {
            throw .invalidInput(.dimensionMismatch(name: "observations.values", expected: k * n, actual: observations.values.count))
        }
        if let mask = observations.mask, mask.count != k * n {
            throw .invalidInput(.dimensionMismatch(name: "observations.mask", expected: k * n, actual: mask.count))
        }
        if let weights = observations.weights {
            guard weights.count == k else {
                throw .invalidInput(.dimensionMismatch(name: "observations.weights", expected: k, actual: weights.count))
            }
            if let bad = weights.firstIndex(where: { !($0.isFinite && $0 >= 0) }) {
                throw setting("observations.weights[\(bad)]", weights[bad], "finite and ≥ 0")
            }
        }
        for (i, tau) in observations.times.enumerated() {
            guard tau.isFinite else { throw .invalidInput(.nonFiniteTime(name: "observations.times[\(i)]", value: tau)) }
            guard tau >= t0 else { throw .invalidInput(.timeOutsideSpan(name: "observations.times", time: tau, t0: t0, t1: t1)) }
            if i > 0, tau <= observations.times[i - 1] {
                throw .invalidInput(.timesNotSorted(name: "observations.times (strictly increasing)", index: i))
            }
        }
        for kk in 0..<k {
            for d in 0..<n where observations.isObserved(kk, d, dimension: n) {
                let value = observations.values[kk * n + d]
                if !value.isFinite { throw setting("observations.values[\(kk * n + d)] (observed)", value, "finite (or masked out)") }
            }
        }
    }
}

extension GradientProblem: Sendable where Field: Sendable {}
