import Fitting
import Gradients
import ODE
import Optimizers
import Physics
import Testing

/// `FitSettings.loss`: a fit minimizes the loss it is given; least squares refuses one that has no residual form.
@Suite("Fits with a custom loss")
struct CustomLossFitTests {
    /// Lotka–Volterra data with three gross outliers (+1.5 on single entries).
    static func dataWithOutliers() throws -> FitData {
        let clean = try TypedFitTests.data()
        let trajectory = clean.training[0]
        var observations = trajectory.observations
        for i in [7, 20, 31] { observations.values[i] += 1.5 }
        return try FitData(trajectories: [.init(index: 0, initialState: trajectory.initialState, observations: observations)])
    }

    static func settings(loss: ObservationLoss, strategy: OptimizationStrategy = .lbfgs) -> FitSettings {
        FitSettings(optimizer: .adaBelief(.pytorch021), iterations: 300, threads: 1, gradient: .aca, rtol: 1e-9, atol: 1e-9,
                    strategy: strategy, loss: loss)
    }

    static func error(_ parameters: [Double]) -> Double {
        zip(parameters, LotkaVolterra.defaultParameters).map { abs($0 - $1) / $1 }.max()!
    }

    @Test("Huber through Trainer.fit(field:…settings:) shrugs off outliers that bias the squared error")
    func huberResistsOutliers() throws {
        let data = try Self.dataWithOutliers(), start = [1.3, 0.8, 1.2, 2.7]
        let huber = try Trainer.fit(field: LotkaVolterra(), initialParameters: start, data: data,
                                    settings: Self.settings(loss: .huber(delta: 0.01)))
        let squared = try Trainer.fit(field: LotkaVolterra(), initialParameters: start, data: data,
                                      settings: Self.settings(loss: .meanSquaredError))
        #expect(Self.error(huber.bestParameters) < 0.02, "\(huber.bestParameters)")
        #expect(Self.error(huber.bestParameters) < 0.5 * Self.error(squared.bestParameters),
                "huber \(huber.bestParameters), squared \(squared.bestParameters)")
        #expect(huber.attributes["loss"] == .string("huber(delta: 0.01)"))
        #expect(squared.attributes["loss"] == nil)
        guard case .strings(let warnings)? = huber.attributes["warnings"] else { Issue.record("no warnings"); return }
        #expect(warnings.contains { $0.contains("no standard errors") && $0.contains("huber") })
    }

    @Test("Levenberg–Marquardt refuses a loss without residual form, naming FitSettings.strategy",
          arguments: [OptimizationStrategy.levenbergMarquardt, .auto])
    func leastSquaresRefusesCustomLoss(strategy: OptimizationStrategy) throws {
        do {
            _ = try Trainer.fit(field: LotkaVolterra(), initialParameters: [1.3, 0.8, 1.2, 2.7], data: try TypedFitTests.data(),
                                settings: Self.settings(loss: .huber(delta: 0.1), strategy: strategy))
            Issue.record("no error")
        } catch let error as FitError {
            #expect(error.message.contains("FitSettings.strategy") && error.message.contains("huber"), "\(error.message)")
        }
    }
}
