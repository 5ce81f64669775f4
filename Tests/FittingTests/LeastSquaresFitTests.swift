import Datasets
import Fitting
import Foundation
import Models
import ODE
import Optimizers
import Physics
import TestSupport
import Testing

/// Fits that converge: Levenberg–Marquardt through the ODE solve, its uncertainties, positivity
/// and honest splits (issue 15), through the library and through the default command line.
@Suite("Least-squares fits", .serialized)
struct LeastSquaresFitTests {
    static let truth = [1.5, 1.0, 1.0, 3.0]

    /// One noisy Lotka–Volterra trajectory (60 regular samples on [0, 10]) from the generator.
    static func lotkaVolterra(seed: UInt64, noise: Double = 0.02, count: Int = 1) throws -> (path: String, dataset: TrajectoryDataset) {
        let path = try TestSupport.temporaryDirectory().appendingPathComponent("lv-\(seed).h5").path
        let run = try TestSupport.orrery(["generate", "time-series", "--system", "lotka-volterra", "--count", "\(count)", "--t-end", "10",
                                          "--samples", "60", "--noise", "\(noise)", "--seed", "\(seed)", "--output", path])
        #expect(run.status == 0, "\(run.stderr)")
        return (path, try TrajectoryDataset.read(from: path))
    }

    /// The configuration `orrery fit` builds by default for a physical model (auto → LM).
    static func defaults(_ path: String, start: [Double], trainUntil: Double? = nil) -> FitConfiguration {
        FitConfiguration(data: .init(path: path), model: .timeSeries(system: .lotkaVolterra, parameters: start, learn: true),
                         observationMode: "auto", solver: "dop853", rtol: 1e-10, atol: 1e-12, optimizer: .adaBelief(.pytorch021),
                         iterations: 100, trainUntil: trainUntil, strategy: .auto, tolerances: .standard, positivity: true)
    }

    @Test("Lotka–Volterra from a start 30 % off: LM converges, parameters within 4 standard errors of the truth, all positive")
    func lotkaVolterraConverges() throws {
        let (path, dataset) = try Self.lotkaVolterra(seed: 11)
        let result = try Trainer.fit(configuration: Self.defaults(path, start: [1.05, 1.3, 0.7, 3.9]), dataset: dataset, output: nil, threads: 2)
        #expect(result.status == "converged", "\(result.attributes["status_reason"]?.stringValue ?? "")")
        #expect(result.attributes["optimizer_strategy"]?.stringValue == "lm")
        let errors = try #require(result.uncertainty).standardErrors
        for k in 0..<4 {
            #expect(result.bestParameters[k] > 0)
            #expect(abs(result.bestParameters[k] - Self.truth[k]) < 4 * errors[k],
                    "parameter \(k): \(result.bestParameters[k]) ± \(errors[k]), true \(Self.truth[k])")
        }
    }

    @Test("LM reaches the optimum that AdaBelief, run to convergence, reaches (same data, same loss)")
    func sameOptimumAsAdaBelief() throws {
        let (path, dataset) = try Self.lotkaVolterra(seed: 12)
        let lm = try Trainer.fit(configuration: Self.defaults(path, start: [1.4, 1.1, 0.9, 3.2]), dataset: dataset, output: nil, threads: 2)
        var first = Self.defaults(path, start: [1.4, 1.1, 0.9, 3.2])
        var adam = AdaBeliefConfiguration.paper
        adam.learningRate = 0.02
        first.optimizer = .adaBelief(adam)
        first.strategy = .firstOrder
        first.schedule = .exponential(gamma: 0.999)
        first.iterations = 5000
        let slow = try Trainer.fit(configuration: first, dataset: dataset, output: nil, threads: 2)
        // The same minimum: LM's loss is no higher, and the parameters agree far inside their standard errors.
        let lmLoss = try #require(lm.history.loss.last), slowLoss = try #require(slow.history.loss.min())
        #expect(lmLoss <= slowLoss * (1 + 1e-9), "LM loss \(lmLoss), AdaBelief \(slowLoss)")
        let errors = try #require(lm.uncertainty).standardErrors
        for k in 0..<4 {
            let difference = abs(lm.bestParameters[k] - slow.bestParameters[k])
            #expect(difference < 0.1 * errors[k], "parameter \(k): LM \(lm.bestParameters[k]) ± \(errors[k]), AdaBelief \(slow.bestParameters[k])")
        }
    }

    @Test("standard errors match the spread of estimates over noise seeds (factor 1.5) and a finite-difference Hessian (5 %)")
    func standardErrors() throws {
        var estimates: [[Double]] = [], reported: [[Double]] = []
        var last: (FitCheckpoint, TrajectoryDataset, String)?
        for seed in UInt64(100)..<UInt64(130) {
            let (path, dataset) = try Self.lotkaVolterra(seed: seed)
            let result = try Trainer.fit(configuration: Self.defaults(path, start: Self.truth), dataset: dataset, output: nil, threads: 2)
            #expect(result.status == "converged")
            estimates.append(result.bestParameters)
            reported.append(try #require(result.uncertainty).standardErrors)
            last = (result, dataset, path)
        }
        for k in 0..<4 {
            let values = estimates.map { $0[k] }
            let mean = values.reduce(0, +) / Double(values.count)
            let spread = (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count - 1)).squareRoot()
            let typical = reported.map { $0[k] }.sorted()[reported.count / 2]
            #expect(typical / spread > 1 / 1.5 && typical / spread < 1.5, "parameter \(k): reported \(typical), spread \(spread)")
        }
        // Hessian of S(θ) = Σ r² by central differences at the last optimum: covariance ≈ 2σ̂² H⁻¹.
        let (result, dataset, path) = try #require(last)
        var configuration = Self.defaults(path, start: result.bestParameters)
        configuration.strategy = .levenbergMarquardt
        let objective = try Self.objective(configuration, dataset)
        let theta = result.bestParameters, h = 1e-4
        func loss(_ x: [Double]) throws -> Double { try objective.loss(x) }
        var hessian = [Double](repeating: 0, count: 16)
        for i in 0..<4 {
            for j in 0..<4 {
                func shifted(_ a: Double, _ b: Double) throws -> Double {
                    var x = theta
                    x[i] += a * h * theta[i]
                    x[j] += b * h * theta[j]
                    return try loss(x)
                }
                let value = (try shifted(1, 1) - shifted(1, -1) - shifted(-1, 1) + shifted(-1, -1)) / (4 * h * h * theta[i] * theta[j])
                hessian[i * 4 + j] = value
            }
        }
        let uncertainty = try #require(result.uncertainty)
        let inverse = try #require(Self.invert4(hessian))
        for k in 0..<4 {
            let fromHessian = (2 * uncertainty.residualVariance * inverse[k * 4 + k]).squareRoot()
            #expect(abs(fromHessian / uncertainty.standardErrors[k] - 1) < 0.05,
                    "parameter \(k): Hessian \(fromHessian), Gauss–Newton \(uncertainty.standardErrors[k])")
        }
    }

    @Test("the test window never influences the fit: scrambling observations after --train-until leaves the parameters bit-identical")
    func testWindowIsIgnored() throws {
        let (path, dataset) = try Self.lotkaVolterra(seed: 13)
        let configuration = Self.defaults(path, start: [1.3, 0.9, 1.2, 2.7], trainUntil: 5)
        let reference = try Trainer.fit(configuration: configuration, dataset: dataset, output: nil, threads: 2)
        var scrambled = dataset
        let n = dataset.sampleCount, d = dataset.stateDimension
        for k in 0..<n where dataset.times.values[k] > 5 {
            for c in 0..<d { scrambled.states.values[k * d + c] = 100 + Double(k * d + c) }
        }
        let perturbed = try Trainer.fit(configuration: configuration, dataset: scrambled, output: nil, threads: 2)
        #expect(perturbed.bestParameters == reference.bestParameters)
        #expect(perturbed.status == reference.status)
        #expect(reference.attributes["selection"]?.stringValue?.hasPrefix("training loss") == true)
    }

    @Test("positivity: from a start where unconstrained steps cross zero, every iterate's rates stay positive")
    func positivity() throws {
        let (path, dataset) = try Self.lotkaVolterra(seed: 14)
        var seen: [[Double]] = []
        let result = try Trainer.fit(configuration: Self.defaults(path, start: [0.2, 4.0, 0.1, 0.3]), dataset: dataset, output: nil, threads: 2) {
            if let parameters = $0.parameters { seen.append(parameters) }
        }
        #expect(!seen.isEmpty)
        #expect(seen.allSatisfy { $0.allSatisfy { $0 > 0 } })
        #expect(result.bestParameters.allSatisfy { $0 > 0 })
    }

    static func objective(_ configuration: FitConfiguration, _ dataset: TrajectoryDataset) throws -> FitObjective<LotkaVolterra> {
        let data = try FitData(dataset: dataset, configuration: configuration)
        return FitObjective(field: LotkaVolterra(), data: data, tableau: .dormandPrince8,
                            controller: .init(rtol: 1e-10, atol: 1e-12), method: .aca, observationMode: .stepOnObservations,
                            learnInitialState: false, threads: 1)
    }

    /// Gauss–Jordan inverse of a 4 × 4 matrix (nil if singular).
    static func invert4(_ matrix: [Double]) -> [Double]? {
        var a = matrix, inverse = (0..<16).map { $0 % 5 == 0 ? 1.0 : 0.0 }
        for column in 0..<4 {
            guard let pivot = (column..<4).max(by: { abs(a[$0 * 4 + column]) < abs(a[$1 * 4 + column]) }),
                  a[pivot * 4 + column] != 0 else { return nil }
            for k in 0..<4 { a.swapAt(column * 4 + k, pivot * 4 + k); inverse.swapAt(column * 4 + k, pivot * 4 + k) }
            let scale = 1 / a[column * 4 + column]
            for k in 0..<4 { a[column * 4 + k] *= scale; inverse[column * 4 + k] *= scale }
            for row in 0..<4 where row != column {
                let factor = a[row * 4 + column]
                for k in 0..<4 { a[row * 4 + k] -= factor * a[column * 4 + k]; inverse[row * 4 + k] -= factor * inverse[column * 4 + k] }
            }
        }
        return inverse
    }
}
