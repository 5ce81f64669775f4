import Datasets
import Evaluation
import Foundation

extension FitEvaluation {
    /// Writes the evaluation's figures (SVG) into `directory`, created if needed: per plotted
    /// trajectory its states against the data and its residuals (with the training, validation
    /// and test windows of `configuration`), N-body orbits in the x–y plane, and the loss history
    /// of `checkpoint`. What `orrery evaluate --plots DIR` writes.
    public func writeFigures(checkpoint: FitCheckpoint, dataset: TrajectoryDataset, configuration: FitConfiguration,
                             to directory: URL) throws {
        let evaluation = self
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let d = dataset.stateDimension
        func write(_ svg: String, _ name: String) throws { try Data(svg.utf8).write(to: directory.appendingPathComponent(name), options: .atomic) }
        let labels = (0..<d).map { $0 < dataset.metadata.stateLabels.count ? dataset.metadata.stateLabels[$0] : "y\($0)" }
        let windows = FitFigures.Windows(fitEnd: evaluation.fitEnd,
                                         validateUntil: configuration.trainUntil == nil ? nil : configuration.validateUntil)
        for plot in evaluation.plotData {
            let figure = plot.figureData
            try write(FitFigures.trajectory(figure, components: evaluation.components, labels: labels, windows: windows),
                      "trajectory-\(plot.index).svg")
            try write(FitFigures.residuals(figure, components: evaluation.components, labels: labels, windows: windows),
                      "residuals-\(plot.index).svg")
            if d % 6 == 0 {
                try write(TrajectoryPlots.orbits(title: "Trajectory \(plot.index): orbits in the x–y plane", observed: plot.observed,
                                                 predicted: plot.predicted, bodies: d / 6, dimension: d, windows: plot.windows),
                          "orbits-\(plot.index).svg")
            }
        }
        try write(TrajectoryPlots.lossHistory(title: "Loss history", loss: checkpoint.history.loss,
                                              validation: checkpoint.history.validationLoss), "loss.svg")
    }
}
