import Evaluation
import Foundation
import Reports

extension FitEvaluation {
    /// The evaluation as text (`orrery evaluate`): status, windows, fitted parameters with standard
    /// errors, interpolation and extrapolation errors (against the data and, where the file has
    /// them, the noise-free states), true parameters, and per-trajectory errors and drifts.
    /// With `markdown`, the tables are GitHub Markdown; otherwise plain rules.
    public func text(model: String, markdown: Bool) -> String {
        let evaluation = self
        var out = "Model: \(model)\nFit status: \(evaluation.status)\(evaluation.statusReason.isEmpty ? "" : " (\(evaluation.statusReason))")\n"
        out += "Components \(evaluation.labels.joined(separator: ", "))\n"
        if let w = evaluation.windows {
            out += "Windows: training t ≤ \(Table.format(w.trainingEnd))"
            if let v = w.validationEnd { out += "; validation (\(Table.format(w.trainingEnd)), \(Table.format(v))]" }
            if !w.validationTrajectories.isEmpty { out += "; validation trajectories \(w.validationTrajectories.map(String.init).joined(separator: ", "))" }
            out += "; test t > \(Table.format(w.testStart)) (never used for any choice). Parameters chosen on the \(w.selection).\n"
            out += "Interpolation errors are over the training window, extrapolation errors over everything after it.\n"
        }
        out += "\n"
        let shown = evaluation.fittedParameters.filter { $0.values.count <= 12 }
        if !shown.isEmpty {
            var names: [String] = [], values: [Double] = [], errors: [Double] = []
            for p in shown {
                for (i, value) in p.values.enumerated() {
                    names.append(p.values.count == 1 ? p.name : "\(p.name)[\(i)]")
                    values.append(value)
                    errors.append(p.standardErrors?[i] ?? .nan)
                }
            }
            out += Table(name: "fitted parameters", headers: ["parameter", "value", "standard error"],
                         columns: [.text(names), .numbers(values), .numbers(errors)]).markdown(significant: 8) + "\n"
            if let c = evaluation.conditionNumber { out += "Standard errors: Gauss–Newton covariance at the optimum; Jacobian condition number \(Table.format(c)).\n\n" }
        }
        func row(_ name: String, _ m: ErrorMetrics?) -> [String] {
            guard let m else { return [name, "—", "—", "—", "—", "—"] }
            return [name, String(m.count), Table.format(m.mse), Table.format(m.rmse), Table.format(m.relativeL2), Table.format(m.maxError)]
        }
        let rows = [row("interpolation", evaluation.interpolation), row("extrapolation", evaluation.extrapolation),
                    row("interpolation (vs noise-free)", evaluation.interpolationTrue), row("extrapolation (vs noise-free)", evaluation.extrapolationTrue)]
        let headers = ["span", "entries", "MSE", "RMSE", "relative L2", "max error"]
        out += Table(name: "errors", headers: headers, columns: headers.indices.map { c in .text(rows.map { $0[c] }) }).markdown() + "\n"
        if !evaluation.parameters.isEmpty {
            let names = evaluation.parameters.flatMap { p in p.fitted.indices.map { p.fitted.count == 1 ? p.name : "\(p.name)[\($0)]" } }
            out += Table(name: "parameters", headers: ["parameter", "fitted", "true", "relative error"], columns: [
                .text(names), .numbers(evaluation.parameters.flatMap(\.fitted)), .numbers(evaluation.parameters.flatMap(\.truth)),
                .numbers(evaluation.parameters.flatMap(\.relativeError)),
            ]).markdown(significant: 8) + "\n"
        }
        let perTrajectory = evaluation.trajectories.prefix(20)
        var headersT = ["trajectory", "interp. RMSE", "extrap. RMSE"]
        var columns: [Table.Column] = [.text(perTrajectory.map { String($0.index) }), .numbers(perTrajectory.map(\.interpolation.rmse)),
                                       .numbers(perTrajectory.map(\.extrapolation.rmse))]
        if perTrajectory.first?.relativeEnergyDrift != nil {
            headersT += ["energy drift", "momentum drift"]
            columns += [.numbers(perTrajectory.map { $0.relativeEnergyDrift ?? .nan }), .numbers(perTrajectory.map { $0.momentumDrift ?? .nan })]
        }
        out += Table(name: "trajectories", headers: headersT, columns: columns).markdown()
        if evaluation.trajectories.count > 20 { out += "(\(evaluation.trajectories.count - 20) more trajectories in FitEvaluation's JSON)\n" }
        out += "\nFunction evaluations: \(evaluation.functionEvaluations)\n"
        return markdown ? out : out.replacingOccurrences(of: "| --- ", with: "|-----").replacingOccurrences(of: "| ---: ", with: "|-----")
    }
}
