import Checking
import Fitting
import Foundation
import Gradients
import Models
import ODE
import Optimizers
import Physics
import Testing

/// An MLP seen as a ``BatchVectorField`` through the protocol's default batch methods, so that these tests
/// hold the batching machinery to account whether or not `MLPVectorField` brings its own batch kernel.
struct LoopBatchedMLP: BatchVectorField, Sendable {
    let mlp: MLPVectorField
    var dimension: Int { mlp.dimension }
    var parameterCount: Int { mlp.parameterCount }
    var isAutonomous: Bool { mlp.isAutonomous }
    func initialParameters(seed: UInt64) -> [Double] { mlp.initialParameters(seed: seed) }

    func evaluate(t: Double, y: UnsafeBufferPointer<Double>, parameters: UnsafeBufferPointer<Double>,
                  into dy: UnsafeMutableBufferPointer<Double>) {
        mlp.evaluate(t: t, y: y, parameters: parameters, into: dy)
    }

    func vectorJacobianProduct(t: Double, y: UnsafeBufferPointer<Double>, parameters: UnsafeBufferPointer<Double>,
                               cotangent v: UnsafeBufferPointer<Double>, stateCotangent: UnsafeMutableBufferPointer<Double>,
                               parameterCotangent: UnsafeMutableBufferPointer<Double>) {
        mlp.vectorJacobianProduct(t: t, y: y, parameters: parameters, cotangent: v, stateCotangent: stateCotangent,
                                  parameterCotangent: parameterCotangent)
    }
}

/// Fits whose trajectories share a time grid, solved as one batched system (`FitBatching.sharedGrid`).
@Suite("Shared-grid batched fits")
struct SharedGridFitTests {
    static let field = LoopBatchedMLP(mlp: MLPVectorField(stateDimension: 2, hiddenWidths: [16, 16], activation: .tanh))

    /// Six spiral trajectories on one irregular grid (one of them with entries masked out) and one on
    /// a grid of its own: two groups, one of them a single trajectory.
    static func data() throws -> FitData {
        let shared = [0.21, 0.5, 0.93, 1.2, 1.71, 2.05, 2.6, 3.0]
        let own = [0.3, 0.8, 1.5, 2.2, 2.9]
        let trajectories = (0..<7).map { b in FitData.Trajectory.decayingSpiral(b, times: b == 6 ? own : shared) }
        return try FitData(trajectories: trajectories)
    }

    static func objective(_ batching: FitBatching, data: FitData, threads: Int = 1, rtol: Double = 1e-10,
                          loss: ObservationLoss = .meanSquaredError) -> FitObjective<LoopBatchedMLP> {
        FitObjective(field: field, data: data, tableau: .dormandPrince5, controller: StepSizeController(rtol: rtol, atol: rtol),
                     method: .aca, observationMode: .denseOutput, learnInitialState: true, threads: threads, loss: loss,
                     batching: batching)
    }

    @Test("a grid shared by more trajectories than the lane limit splits into nearly equal groups, in order")
    func laneLimitSplitsGroups() throws {
        let limit = FitData.sharedGridLaneLimit, times = [0.5, 1.0, 1.5]
        for count in [limit, limit + 1, 2 * limit, 2 * limit + 6] {
            let trajectories = (0..<count).map { b in
                FitData.Trajectory(index: b, initialState: [1, Double(b)],
                                   observations: Observations(times: times, values: [Double](repeating: 1, count: 6), mask: nil))
            }
            let groups = FitData.sharedGridGroups(try FitData(trajectories: trajectories).training)
            let parts = (count + limit - 1) / limit
            #expect(groups.count == parts)
            #expect(groups.flatMap { $0.map(\.index) } == Array(0..<count), "order kept, every trajectory once")
            #expect(groups.allSatisfy { $0.count <= limit && $0.count >= count / parts })
        }
    }

    @Test("auto batches a neural BatchVectorField on a shared grid (else in lockstep), and nothing else")
    func automaticChoice() throws {
        let data = try Self.data()
        #expect(FitData.sharedGridGroups(data.training).map { $0.map(\.index) } == [[0, 1, 2, 3, 4, 5], [6]])
        #expect(Self.objective(.auto, data: data).batching == .sharedGrid)
        #expect(Self.objective(.perTrajectory, data: data).batching == .perTrajectory)
        #expect(Self.objective(.auto, data: data, loss: .huber(delta: 1)).batching == .perTrajectory)
        let physics = FitObjective(field: LotkaVolterra(), data: data, tableau: .dormandPrince5,
                                   controller: StepSizeController(rtol: 1e-8, atol: 1e-8), method: .aca,
                                   observationMode: .denseOutput, learnInitialState: false, threads: 1, batching: .auto)
        #expect(physics.batching == .perTrajectory, "LotkaVolterra is not a BatchVectorField")
        let alone = try FitData(trajectories: [data.training[0], data.training[6]])
        #expect(Self.objective(.auto, data: alone).batching == .lockstep, "no two trajectories share a grid: lockstep groups")
    }

    @Test("the shared-grid loss and gradient are the per-trajectory ones (same masked MSE, same θ layout) to the solve's tolerance")
    func sharedGridMatchesPerTrajectory() throws {
        let data = try Self.data()
        let batched = Self.objective(.sharedGrid, data: data), separate = Self.objective(.perTrajectory, data: data)
        let theta = batched.initialTheta(modelParameters: Self.field.initialParameters(seed: 3))
        let a = try batched.lossAndGradient(theta, batch: data.training)
        let b = try separate.lossAndGradient(theta, batch: data.training)
        print("shared grid vs per trajectory: loss \(a.loss) vs \(b.loss), gradient relative difference \(relativeError(a.gradient, b.gradient))")
        #expect(abs(a.loss - b.loss) <= 1e-8 * b.loss)
        #expect(relativeError(a.gradient, b.gradient) < 1e-6)
        #expect(abs(try batched.loss(theta) - (try separate.loss(theta))) <= 1e-8 * b.loss)
        // A minibatch: trajectories outside it get zero initial-state gradient on both paths.
        let minibatch = data.batch(iteration: 4, size: 3, seed: 11)
        let c = try batched.lossAndGradient(theta, batch: minibatch), d = try separate.lossAndGradient(theta, batch: minibatch)
        #expect(abs(c.loss - d.loss) <= 1e-8 * d.loss)
        #expect(relativeError(c.gradient, d.gradient) < 1e-6)
        #expect(zip(c.gradient, d.gradient).allSatisfy { ($0 == 0) == ($1 == 0) })
    }

    @Test("the shared-grid gradient matches finite differences of the shared-grid loss (tight tolerance)")
    func sharedGridGradientMatchesFiniteDifferences() throws {
        let data = try Self.data()
        let batched = Self.objective(.sharedGrid, data: data, rtol: 1e-12)
        let theta = batched.initialTheta(modelParameters: Self.field.initialParameters(seed: 5))
        let gradient = try batched.lossAndGradient(theta, batch: data.training).gradient
        // A sample of coordinates: weights of every layer and the learned initial states.
        let m = Self.field.parameterCount
        for i in [0, 7, 40, 100, m - 1, m, m + 5, theta.count - 1] {
            let h = 1e-5 * max(1, abs(theta[i]))
            var plus = theta, minus = theta
            plus[i] += h
            minus[i] -= h
            let fd = (try batched.loss(plus) - (try batched.loss(minus))) / (2 * h)
            #expect(abs(fd - gradient[i]) <= 1e-5 * max(abs(gradient[i]), 1e-3), "θ[\(i)]: FD \(fd), ACA \(gradient[i])")
        }
    }

    @Test("threads do not change a bit of the shared-grid result")
    func threadIndependence() throws {
        let data = try Self.data()
        let theta = Self.objective(.sharedGrid, data: data).initialTheta(modelParameters: Self.field.initialParameters(seed: 1))
        let one = try Self.objective(.sharedGrid, data: data, threads: 1, rtol: 1e-6).lossAndGradient(theta, batch: data.training)
        let three = try Self.objective(.sharedGrid, data: data, threads: 3, rtol: 1e-6).lossAndGradient(theta, batch: data.training)
        #expect(one.loss == three.loss && one.gradient == three.gradient)
    }

    @Test("Trainer.fit records the batching; an explicit shared grid that cannot work names FitSettings.batching")
    func trainerRecordsAndValidates() throws {
        let data = try Self.data()
        var settings = FitSettings(optimizer: .adaBelief(.pytorch021), iterations: 3, threads: 1, rtol: 1e-6, atol: 1e-8,
                                   observationMode: .denseOutput)
        let fit = try Trainer.fit(field: Self.field, initialParameters: Self.field.initialParameters(seed: 0), data: data, settings: settings)
        #expect(fit.attributes["batching"] == .string("shared-grid (auto): 1 group of 6 trajectories, 1 trajectory alone on its grid"),
                "Trainer.fit renames the field; RenamedParameterField forwards BatchVectorField")
        #expect(try FitConfiguration(jsonString: fit.configurationJSON).batching == "auto")
        settings.batching = .perTrajectory
        let separate = try Trainer.fit(field: Self.field, initialParameters: Self.field.initialParameters(seed: 0), data: data, settings: settings)
        #expect(separate.attributes["batching"] == .string("per-trajectory"))
        #expect(abs(separate.history.loss[0] - fit.history.loss[0]) <= 1e-4 * fit.history.loss[0], "same loss at the same start")
        settings.batching = .sharedGrid
        settings.loss = .huber(delta: 1)
        settings.strategy = .firstOrder
        #expect {
            _ = try Trainer.fit(field: Self.field, initialParameters: Self.field.initialParameters(seed: 0), data: data, settings: settings)
        } throws: { "\($0)".contains("FitSettings.batching") }
    }
}
