import Checking
import Foundation
import Gradients
import Models

/// What `orrery gradient --equations` prints: each method's loss and gradient by parameter name
/// (a network block `nn.U` by its norm), and its error against finite differences when checked.
public struct EquationGradientReport: Encodable, Sendable {
    /// One method's loss and gradients.
    public struct Method: Encodable, Sendable {
        public let method: String
        public let loss: Double
        public let parameterGradient: [Double]
        public let initialStateGradient: [[Double]]
        /// ‖g − g_FD‖₂ / ‖g_FD‖₂ over the parameter and initial-state gradients (with a check).
        public var relativeError: Double?

        public init(_ result: BatchGradientResult, method: String) {
            self.method = method
            loss = result.loss
            parameterGradient = result.parameterGradient
            initialStateGradient = result.initialStateGradients
        }

        var flat: [Double] { parameterGradient + initialStateGradient.flatMap { $0 } }
    }

    public let command: String
    public let data: String
    public let model: String
    public let states: [String]
    public let parameterNames: [String]
    /// Named blocks of the parameter vector: the text lists a network (`nn.U`) by its norm, not value by value.
    public let blocks: [ParameterBlock]
    public let parameters: [Double]
    public let trajectories: [Int]
    public let methods: [Method]
    public let check: Method?

    /// The report of `outcomes`, checked against `reference` (finite differences) when given.
    public init<Field: ParameterNaming>(command: String, data: String, model: String, states: [String], study: GradientStudy<Field>,
                                        outcomes: [GradientStudy<Field>.Outcome], reference: BatchGradientResult?) {
        self.command = command
        self.data = data
        self.model = model
        self.states = states
        let field = study.problems[0].field
        parameterNames = field.parameterNames
        blocks = field.parameterBlocks
        parameters = study.problems[0].parameters
        trajectories = study.trajectoryIDs
        let check = reference.map { Method($0, method: "finite-differences") }
        methods = outcomes.map { outcome in
            var method = Method(outcome.result, method: outcome.name)
            if let check { method.relativeError = Checking.relativeError(method.flat, check.flat) }
            return method
        }
        self.check = check
    }

    /// The plain-text report.
    public var text: String {
        func format(_ x: Double) -> String { String(format: "%.6e", x) }
        func named(_ values: [Double]) -> String {
            blocks.map { block in
                let slice = values[block.range]
                if block.shape.isEmpty { return "\(block.name) \(format(slice.first!))" }
                return "‖\(block.name)‖ \(format(slice.reduce(0) { $0 + $1 * $1 }.squareRoot())) (\(slice.count) values)"
            }.joined(separator: ", ")
        }
        var lines = ["\(data): \(model), \(trajectories.count) trajector\(trajectories.count == 1 ? "y" : "ies")",
                     "parameters: \(named(parameters))"]
        for m in methods {
            var line = "\(m.method): loss \(format(m.loss)); dL/d: \(named(m.parameterGradient))"
            if let error = m.relativeError { line += "; relative error \(String(format: "%.2e", error))" }
            lines.append(line)
        }
        if let check { lines.append("check (finite differences of dop853 at 1e-12): dL/d: \(named(check.parameterGradient))") }
        return lines.joined(separator: "\n")
    }
}
