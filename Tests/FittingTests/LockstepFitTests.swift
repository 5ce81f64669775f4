import Checking
import Fitting
import Foundation
import Gradients
import Models
import ODE
import Optimizers
import Testing

/// Fits whose trajectories have their own times, advanced in lockstep groups (`FitBatching.lockstep`).
@Suite("Lockstep batched fits")
struct LockstepFitTests {
    static let mlp = MLPVectorField(stateDimension: 2, hiddenWidths: [16, 16], activation: .tanh)

    /// `count` spiral trajectories, each on its own irregular grid (lengths 4…11, spans 1…4.5), one with
    /// entries masked out.
    static func data(count: Int = 9) throws -> FitData {
        let trajectories = (0..<count).map { b -> FitData.Trajectory in
            let k = 4 + b % 8, span = 1 + 0.5 * Double(b % 8)
            return .decayingSpiral(b, times: (1...k).map { span * pow(Double($0) / Double(k), 1 + 0.1 * Double(b % 5)) })
        }
        return try FitData(trajectories: trajectories)
    }

    static func objective<F: DifferentiableVectorField & Sendable>(
        _ field: F, _ batching: FitBatching, data: FitData, threads: Int = 1, mode: ObservationMode = .stepOnObservations,
        method: GradientMethod = .aca, loss: ObservationLoss = .meanSquaredError
    ) -> FitObjective<F> {
        FitObjective(field: field, data: data, tableau: .dormandPrince5, controller: StepSizeController(rtol: 1e-7, atol: 1e-7),
                     method: method, observationMode: mode, learnInitialState: true, threads: threads, loss: loss, batching: batching)
    }

    @Test("lockstep groups: in order, the fewest nearly equal groups of at most the lane limit")
    func groups() throws {
        let limit = FitData.lockstepLaneLimit
        for count in [1, limit, limit + 1, 2 * limit, 2 * limit + 1] {
            let groups = FitData.lockstepGroups(try Self.data(count: count).training)
            let parts = (count + limit - 1) / limit
            #expect(groups.count == parts)
            #expect(groups.flatMap { $0.map(\.index) } == Array(0..<count))
            #expect(groups.allSatisfy { $0.count <= limit && $0.count >= count / parts })
        }
    }

    @Test("auto: lockstep for a neural BatchVectorField with the MSE and ACA on grids of their own, and nothing else")
    func automaticChoice() throws {
        let data = try Self.data(), field = SharedGridFitTests.field
        #expect(Self.objective(field, .auto, data: data).batching == .lockstep)
        #expect(Self.objective(field, .auto, data: data, method: .naive).batching == .perTrajectory)
        #expect(Self.objective(field, .auto, data: data, loss: .huber(delta: 1)).batching == .perTrajectory)
        #expect(Self.objective(field, .lockstep, data: data, loss: .huber(delta: 1)).batching == .lockstep, "explicit: any loss")
        #expect(Self.objective(field, .lockstep, data: data, method: .mali).batching == .perTrajectory)
        let one = try FitData(trajectories: [data.training[0]])
        #expect(Self.objective(field, .auto, data: one).batching == .perTrajectory, "one trajectory: nothing to batch")
    }

    @Test("lockstep loss and gradient are the per-trajectory ones to rounding (both observation modes; minibatch)",
          arguments: ObservationMode.allCases)
    func matchesPerTrajectory(mode: ObservationMode) throws {
        let data = try Self.data()
        for (name, lockstep, separate) in [
            ("loop-batched MLP", Self.objective(SharedGridFitTests.field, .lockstep, data: data, mode: mode).erased,
             Self.objective(SharedGridFitTests.field, .perTrajectory, data: data, mode: mode).erased),
            ("MLP kernel", Self.objective(Self.mlp, .lockstep, data: data, mode: mode).erased,
             Self.objective(Self.mlp, .perTrajectory, data: data, mode: mode).erased),
        ] {
            let theta = lockstep.initialTheta(Self.mlp.initialParameters(seed: 3))
            let a = try lockstep.lossAndGradient(theta, data.training), b = try separate.lossAndGradient(theta, data.training)
            let error = relativeError(a.gradient, b.gradient)
            print("lockstep vs per trajectory (\(name), \(mode.rawValue)): loss \(a.loss) vs \(b.loss), gradient \(error)")
            #expect(abs(a.loss - b.loss) <= 1e-12 * b.loss)
            #expect(error < 1e-10)
            #expect(abs(try lockstep.loss(theta) - (try separate.loss(theta))) <= 1e-12 * b.loss)
            let minibatch = data.batch(iteration: 4, size: 4, seed: 11)
            let c = try lockstep.lossAndGradient(theta, minibatch), d = try separate.lossAndGradient(theta, minibatch)
            #expect(abs(c.loss - d.loss) <= 1e-12 * d.loss && relativeError(c.gradient, d.gradient) < 1e-10)
            #expect(zip(c.gradient, d.gradient).allSatisfy { ($0 == 0) == ($1 == 0) })
        }
    }

    @Test("threads do not change a bit of the lockstep result (three groups)")
    func threadIndependence() throws {
        let data = try Self.data(count: 2 * FitData.lockstepLaneLimit + 3)
        let theta = Self.objective(Self.mlp, .lockstep, data: data).initialTheta(modelParameters: Self.mlp.initialParameters(seed: 1))
        let one = try Self.objective(Self.mlp, .lockstep, data: data, threads: 1).lossAndGradient(theta, batch: data.training)
        let three = try Self.objective(Self.mlp, .lockstep, data: data, threads: 3).lossAndGradient(theta, batch: data.training)
        #expect(one.loss == three.loss && one.gradient == three.gradient)
    }

    @Test("Trainer.fit records lockstep batching; an explicit lockstep that cannot work names FitSettings.batching")
    func trainerRecordsAndValidates() throws {
        let data = try Self.data(), field = Self.mlp
        var settings = FitSettings(optimizer: .adaBelief(.pytorch021), iterations: 2, threads: 1, rtol: 1e-6, atol: 1e-8)
        let fit = try Trainer.fit(field: field, initialParameters: field.initialParameters(seed: 0), data: data, settings: settings)
        #expect(fit.attributes["batching"] == .string("lockstep (auto): 1 lockstep group of 9 trajectories"))
        settings.batching = .lockstep
        settings.gradient = .mali
        settings.strategy = .firstOrder
        #expect {
            _ = try Trainer.fit(field: field, initialParameters: field.initialParameters(seed: 0), data: data, settings: settings)
        } throws: { "\($0)".contains("FitSettings.batching") }
    }
}

/// The two calls the comparison needs, over objectives of different field types.
struct ErasedObjective {
    let initialTheta: ([Double]) -> [Double]
    let lossAndGradient: ([Double], [FitData.Trajectory]) throws -> (loss: Double, gradient: [Double], evaluations: Int)
    let loss: ([Double]) throws -> Double
}

extension FitObjective {
    var erased: ErasedObjective {
        ErasedObjective(initialTheta: { initialTheta(modelParameters: $0) },
                        lossAndGradient: { try lossAndGradient($0, batch: $1) }, loss: { try loss($0) })
    }
}
