/// One gradient and what it cost: the same type for every method.
public struct GradientResult: Sendable, Hashable {
    /// `GradientMethod.name`.
    public var method: String
    /// The masked, weighted mean squared error (see ``Observations``).
    public var loss: Double
    /// Entries that entered the mean (observed entries).
    public var observedCount: Int
    /// `∂L/∂p`, length `field.parameterCount`.
    public var parameterGradient: [Double]
    /// `∂L/∂y(t0)`, length `field.dimension`.
    public var initialStateGradient: [Double]
    /// The predicted states at the observation times, row-major `K × dimension`.
    public var predictions: [Double]
    /// Evaluations of `f` in the forward pass (starting-step rule and rejected trials included).
    public var forwardEvaluations: Int
    /// Evaluations of `f` in the backward pass (ACA's replays; the adjoint's backward solve).
    public var backwardEvaluations: Int
    /// Vector–Jacobian products of `f` in the backward pass.
    public var backwardVJPs: Int
    /// Accepted and rejected steps of the forward solve.
    public var acceptedSteps: Int
    public var rejectedSteps: Int
    /// Accepted and rejected steps of the adjoint's backward solve (0 for the other methods).
    public var backwardAcceptedSteps: Int
    public var backwardRejectedSteps: Int
    /// Peak bytes held for the backward pass: the tape (naive), the checkpoints and
    /// cotangent buffers (ACA), or the observed states plus the largest backward
    /// segment's storage (adjoint). Excludes the forward solve's transient buffers.
    public var peakBackwardBytes: Int
    /// MALI only: `max_d |ẑ₀,d − z₀,d| / (1 + |z₀,d|)`, how far the backward pass's inverted
    /// trajectory ends from the true initial state (rounding accumulated over the inverted steps).
    public var reconstructionError: Double?

    public init(method: String, loss: Double, observedCount: Int, parameterGradient: [Double],
                initialStateGradient: [Double], predictions: [Double], forwardEvaluations: Int,
                backwardEvaluations: Int, backwardVJPs: Int, acceptedSteps: Int, rejectedSteps: Int,
                backwardAcceptedSteps: Int = 0, backwardRejectedSteps: Int = 0, peakBackwardBytes: Int,
                reconstructionError: Double? = nil) {
        self.method = method
        self.loss = loss
        self.observedCount = observedCount
        self.parameterGradient = parameterGradient
        self.initialStateGradient = initialStateGradient
        self.predictions = predictions
        self.forwardEvaluations = forwardEvaluations
        self.backwardEvaluations = backwardEvaluations
        self.backwardVJPs = backwardVJPs
        self.acceptedSteps = acceptedSteps
        self.rejectedSteps = rejectedSteps
        self.backwardAcceptedSteps = backwardAcceptedSteps
        self.backwardRejectedSteps = backwardRejectedSteps
        self.peakBackwardBytes = peakBackwardBytes
        self.reconstructionError = reconstructionError
    }
}
