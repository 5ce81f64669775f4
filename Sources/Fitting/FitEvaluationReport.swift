/// A ``FitEvaluation`` with where it came from: the JSON `orrery evaluate --json` prints.
public struct FitEvaluationReport: Encodable, Sendable {
    /// The command line that made it.
    public let command: String
    /// The fit file evaluated.
    public let fit: String
    /// The data it was evaluated on.
    public let data: String
    /// The model's description.
    public let model: String
    public let evaluation: FitEvaluation

    public init(command: String, fit: String, data: String, model: String, evaluation: FitEvaluation) {
        (self.command, self.fit, self.data, self.model, self.evaluation) = (command, fit, data, model, evaluation)
    }
}
