import Checking
import Foundation
import Gradients

/// What `orrery gradient` prints for the three-body model: each method's loss, gradient by
/// masses, G and initial states, its cost, and (with a check) its error against finite differences.
///
/// Encodes to the command's JSON; ``text`` is its plain-text form.
public struct ThreeBodyGradientReport: Encodable, Sendable {
    /// The parameters as the three-body model names them.
    public struct ParameterValues: Encodable, Sendable {
        public let masses: [Double]
        public let G: Double
        public init(_ parameters: [Double]) {
            masses = Array(parameters[0..<3])
            G = parameters[3]
        }
    }

    /// A gradient as printed: masses, G, and one initial-state gradient per trajectory.
    public struct Values: Encodable, Sendable {
        public let masses: [Double]
        public let G: Double
        public let initialState: [[Double]]

        public init(_ result: BatchGradientResult) {
            masses = Array(result.parameterGradient[0..<3])
            G = result.parameterGradient[3]
            initialState = result.initialStateGradients
        }

        public var flat: [Double] { masses + [G] + initialState.flatMap { $0 } }
    }

    /// Finite differences, as the check used them.
    public struct Check: Encodable, Sendable {
        public let reference = "five-point central differences of dop853 at rtol = atol = 1e-12, step (1e-3, 1e-4, 1e-5 or 1e-6)·max(1,|x|) where consecutive steps agree best"
        public let gradient: Values
        public init(gradient: Values) { self.gradient = gradient }
    }

    public let command: String
    public let data: String
    public let model: String
    public let solver: String
    public let rtol: Double
    public let atol: Double
    public let observe: String
    public let observationMode: String
    public let trajectories: [Int]
    public let parameters: ParameterValues
    public let methods: [ThreeBodyGradientMethodReport]
    public let check: Check?

    /// The report of `outcomes` (and of `reference`, the finite-difference gradient, when checked):
    /// each outcome's relative error ‖g − g_FD‖₂/‖g_FD‖₂ over every printed component.
    public init<Field>(command: String, data: String, model: String, solver: String, rtol: Double, atol: Double, observe: String,
                       observationMode: String, study: GradientStudy<Field>, outcomes: [GradientStudy<Field>.Outcome],
                       repeats: Int, reference: BatchGradientResult?) {
        self.command = command
        self.data = data
        self.model = model
        self.solver = solver
        self.rtol = rtol
        self.atol = atol
        self.observe = observe
        self.observationMode = observationMode
        trajectories = study.trajectoryIDs
        parameters = ParameterValues(study.problems[0].parameters)
        let referenceValues = reference.map(Values.init)
        methods = outcomes.map { outcome in
            ThreeBodyGradientMethodReport(
                name: outcome.name, method: outcome.method, result: outcome.result, secondsPerGradient: outcome.secondsPerGradient,
                repeats: repeats, relativeError: referenceValues.map { Checking.relativeError(Values(outcome.result).flat, $0.flat) })
        }
        check = referenceValues.map(Check.init)
    }

    /// The plain-text report: one line of settings, the parameters, one line per method, the check.
    public var text: String {
        func format(_ x: Double) -> String { String(format: "%.6e", x) }
        var lines = ["\(data): \(model), \(trajectories.count) trajector\(trajectories.count == 1 ? "y" : "ies"), \(solver) rtol \(rtol) atol \(atol), observe \(observe), observations \(observationMode)"]
        lines.append("parameters: masses \(parameters.masses.map(format).joined(separator: " ")), G \(format(parameters.G))")
        for report in methods {
            let g = Values(report.result), r = report.result
            var line = "\(report.name): loss \(format(r.loss)); dL/dmasses \(g.masses.map(format).joined(separator: " ")); dL/dG \(format(g.G))"
            line += "; |dL/dy0| \(format(g.initialState.flatMap { $0 }.reduce(0) { $0 + $1 * $1 }.squareRoot()))"
            line += "; fwd \(r.forwardEvaluations) f, bwd \(r.backwardEvaluations) f + \(r.backwardVJPs) VJP, steps \(r.acceptedSteps)+\(r.rejectedSteps) rejected, \(r.peakBackwardBytes) B"
            if let seconds = report.secondsPerGradient { line += ", \(String(format: "%.3g", seconds * 1e3)) ms/gradient (median of \(report.repeats))" }
            if let error = report.relativeError { line += ", relative error \(String(format: "%.2e", error))" }
            if let error = report.reconstructionError { line += ", reconstruction error \(String(format: "%.2e", error))" }
            lines.append(line)
        }
        if let check { lines.append("check: \(check.reference): dL/dmasses \(check.gradient.masses.map(format).joined(separator: " "))") }
        return lines.joined(separator: "\n")
    }
}
