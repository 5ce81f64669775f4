import Gradients

/// One method's line of a ``ThreeBodyGradientReport``: loss, gradient, cost figures, timing and
/// error against finite differences.
public struct ThreeBodyGradientMethodReport: Encodable, Sendable {
    /// The cost of one gradient, summed over the batch.
    struct Cost: Encodable {
        let forwardEvaluations, backwardEvaluations, backwardVJPs: Int
        let acceptedSteps, rejectedSteps, backwardAcceptedSteps, backwardRejectedSteps: Int
        let peakBackwardBytes: Int
    }

    public let name: String
    public let method: GradientMethod
    public let result: BatchGradientResult
    public let secondsPerGradient: Double?
    public let repeats: Int
    public var relativeError: Double?

    enum CodingKeys: String, CodingKey {
        case method, loss, gradient, cost, secondsPerGradient, repeats, relativeError, adjointTolerances, reconstructionError
    }

    /// MALI: the largest reconstruction error over the batch's trajectories.
    public var reconstructionError: Double? {
        let errors = result.trajectories.compactMap(\.reconstructionError)
        return errors.isEmpty ? nil : errors.max()
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .method)
        try container.encode(result.loss, forKey: .loss)
        try container.encode(ThreeBodyGradientReport.Values(result), forKey: .gradient)
        let r = result.trajectories
        try container.encode(Cost(
            forwardEvaluations: result.forwardEvaluations, backwardEvaluations: result.backwardEvaluations,
            backwardVJPs: result.backwardVJPs, acceptedSteps: result.acceptedSteps, rejectedSteps: result.rejectedSteps,
            backwardAcceptedSteps: r.reduce(0) { $0 + $1.backwardAcceptedSteps },
            backwardRejectedSteps: r.reduce(0) { $0 + $1.backwardRejectedSteps },
            peakBackwardBytes: result.peakBackwardBytes), forKey: .cost)
        try container.encodeIfPresent(secondsPerGradient, forKey: .secondsPerGradient)
        if secondsPerGradient != nil { try container.encode(repeats, forKey: .repeats) }
        try container.encodeIfPresent(relativeError, forKey: .relativeError)
        if case .adjoint(let rtol, let atol) = method { try container.encode(["rtol": rtol, "atol": atol], forKey: .adjointTolerances) }
        try container.encodeIfPresent(reconstructionError, forKey: .reconstructionError)
    }
}
