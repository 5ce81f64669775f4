import Datasets
import Fitting
import Foundation
import Reports

/// Shared by the fitting experiments: one fit in a temporary directory, evaluated, its outcome recorded.
public enum ReproductionFit {
    /// What one fit produced: the loss history, costs, best parameters and errors; a failure is recorded, not thrown.
    public struct Outcome: Codable, Sendable {
        public var label: String
        public var loss: [Double]
        public var seconds: Double
        public var functionEvaluations: Double
        public var parameters: [Double]
        public var interpolationMSE: Double
        public var extrapolationMSE: Double
        public var interpolationRMSE: Double
        public var extrapolationRMSE: Double
        public var failure: String?
    }

    /// Runs `configuration` on `dataset` with `threads` workers (output in a temporary directory, removed
    /// afterwards) and evaluates the best parameters; failures are recorded, not thrown. The numbers never
    /// depend on `threads` (``Trainer`` and ``FitEvaluation`` keep index order); only the wall time does.
    public static func run(_ label: String, _ configuration: FitConfiguration, _ dataset: TrajectoryDataset,
                           evaluate: Bool = true, threads: Int) -> (Outcome, FitEvaluation?) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("orrery-reproduce-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        do {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            let checkpoint = try Trainer.fit(configuration: configuration, dataset: dataset, output: dir.appendingPathComponent("fit.h5").path,
                                             threads: threads)
            let evaluation = evaluate
                ? try FitEvaluation.evaluate(checkpoint: checkpoint, dataset: dataset, plotTrajectories: 1, threads: threads) : nil
            let h = checkpoint.history
            return (Outcome(label: label, loss: h.loss, seconds: h.seconds.last ?? 0, functionEvaluations: h.functionEvaluations.reduce(0, +),
                            parameters: checkpoint.bestParameters,
                            interpolationMSE: evaluation?.interpolation.mse ?? .nan, extrapolationMSE: evaluation?.extrapolation.mse ?? .nan,
                            interpolationRMSE: evaluation?.interpolation.rmse ?? .nan, extrapolationRMSE: evaluation?.extrapolation.rmse ?? .nan,
                            failure: nil), evaluation)
        } catch {
            return (Outcome(label: label, loss: [], seconds: .nan, functionEvaluations: .nan, parameters: [], interpolationMSE: .infinity,
                            extrapolationMSE: .infinity, interpolationRMSE: .infinity, extrapolationRMSE: .infinity,
                            failure: "\(error)"), nil)
        }
    }

    /// Max over bodies of |m − m_true| / m_true for the first `truth.count` parameters; +∞ for a failed fit.
    public static func massError(_ outcome: Outcome, truth: [Double]) -> Double {
        guard outcome.failure == nil, outcome.parameters.count >= truth.count else { return .infinity }
        return zip(outcome.parameters, truth).map { abs($0 - $1) / $1 }.max()!
    }

    /// The training loss of each outcome against the iteration (log scale).
    public static func lossFigure(_ name: String, _ title: String, _ outcomes: [Outcome]) -> Figure {
        Figure(name: name, title: title, xLabel: "iteration", yLabel: "training loss", logY: true,
               series: outcomes.filter { !$0.loss.isEmpty }.enumerated().map { k, o in
                   Figure.Series(label: o.label, x: o.loss.indices.map { Double($0 + 1) }, y: o.loss.map { max($0, 1e-300) },
                                 style: k % 2 == 0 ? .line : .dashed)
               })
    }
}
