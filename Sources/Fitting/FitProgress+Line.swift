import Foundation

extension FitProgress {
    /// The progress as one line: `lm iteration 3/100: loss 1.234568e-04, validation 2.0000e-04, 41 evaluations,
    /// 0.2 s; m1 1.01, m2 0.99` (the validation part only when there is one; the parameter values, `%.6g`, only
    /// when `parameterNames` names them all). `iterations`: the total the line counts to.
    public func line(iterations: Int, parameterNames: [String]) -> String {
        let validation = validationLoss.isNaN ? "" : String(format: ", validation %.4e", validationLoss)
        var text = String(format: "%@ iteration %d/%d: loss %.6e%@, %d evaluations, %.1f s", phase, iteration, iterations, loss,
                          validation, functionEvaluations, seconds)
        if let values = parameters, values.count <= parameterNames.count, !values.isEmpty {
            text += "; " + zip(parameterNames, values).map { "\($0) \(String(format: "%.6g", $1))" }.joined(separator: ", ")
        }
        return text
    }

    /// Whether a log that is not redrawn in place shows this iteration: the first, the last of `iterations`,
    /// and every `iterations / 20`-th (about 20 lines per fit).
    public func isMilestone(of iterations: Int) -> Bool {
        iteration % max(1, iterations / 20) == 0 || iteration == 1 || iteration == iterations
    }
}
