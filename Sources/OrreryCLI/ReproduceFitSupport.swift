import Datasets
import Fitting
import Foundation
import Reports

/// Shared by the fitting experiments of `orrery reproduce`: one fit in a temporary directory, evaluated.
enum ReproduceFit {
    struct Outcome: Codable, Sendable {
        var label: String
        var loss: [Double]
        var seconds: Double
        var functionEvaluations: Double
        var parameters: [Double]
        var interpolationMSE: Double
        var extrapolationMSE: Double
        var interpolationRMSE: Double
        var extrapolationRMSE: Double
        var failure: String?
    }

    /// Runs `configuration` on `dataset` (output in a temporary directory, removed afterwards) and evaluates
    /// the best parameters; failures are recorded, not thrown.
    static func run(_ label: String, _ configuration: FitConfiguration, _ dataset: TrajectoryDataset,
                    evaluate: Bool = true) -> (Outcome, FitEvaluation?) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("orrery-reproduce-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        do {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            let checkpoint = try Trainer.fit(configuration: configuration, dataset: dataset, output: dir.appendingPathComponent("fit.h5").path,
                                             threads: ProcessInfo.processInfo.activeProcessorCount)
            let evaluation = evaluate ? try FitEvaluation.evaluate(checkpoint: checkpoint, dataset: dataset, plotTrajectories: 1, threads: 2) : nil
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

    static func log(_ name: String, _ line: String) {
        FileHandle.standardError.write(Data("\(name): \(line)\n".utf8))
    }

    static func printJSON<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        FileHandle.standardOutput.write(try encoder.encode(value) + Data("\n".utf8))
    }

    static func lossFigure(_ name: String, _ title: String, _ outcomes: [Outcome]) -> Figure {
        Figure(name: name, title: title, xLabel: "iteration", yLabel: "training loss", logY: true,
               series: outcomes.filter { !$0.loss.isEmpty }.enumerated().map { k, o in
                   Figure.Series(label: o.label, x: o.loss.indices.map { Double($0 + 1) }, y: o.loss.map { max($0, 1e-300) },
                                 style: k % 2 == 0 ? .line : .dashed)
               })
    }
}
